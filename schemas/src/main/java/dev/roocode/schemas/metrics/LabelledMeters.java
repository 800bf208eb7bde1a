package dev.roocode.schemas.metrics;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Meters (or bundles of meters) of one name, one per combination of label values, made on first use and then
 * found again by nested map look-ups of the label values as they are: recording on the hot path builds no string
 * and no tag list. Values must not be null (callers map null to a label value such as {@code none}).
 *
 * @param <M> the meter, or a record holding the meters that share those labels
 */
public final class LabelledMeters<M> {
    private final Function<List<String>, M> factory;
    private final ConcurrentHashMap<String, Object> root = new ConcurrentHashMap<>();

    /** {@code factory} makes the meter(s) of one combination, given its label values in order. */
    public LabelledMeters(Function<List<String>, M> factory) {
        this.factory = factory;
    }

    @SuppressWarnings("unchecked")
    public M get(String a) {
        Object found = root.get(a);
        return found != null ? (M) found : (M) root.computeIfAbsent(a, k -> factory.apply(List.of(k)));
    }

    @SuppressWarnings("unchecked")
    public M get(String a, String b) {
        ConcurrentHashMap<String, Object> level = level(root, a);
        Object found = level.get(b);
        return found != null ? (M) found : (M) level.computeIfAbsent(b, k -> factory.apply(List.of(a, k)));
    }

    @SuppressWarnings("unchecked")
    public M get(String a, String b, String c) {
        ConcurrentHashMap<String, Object> level = level(level(root, a), b);
        Object found = level.get(c);
        return found != null ? (M) found : (M) level.computeIfAbsent(c, k -> factory.apply(List.of(a, b, k)));
    }

    @SuppressWarnings("unchecked")
    public M get(String a, String b, String c, String d) {
        ConcurrentHashMap<String, Object> level = level(level(level(root, a), b), c);
        Object found = level.get(d);
        return found != null ? (M) found : (M) level.computeIfAbsent(d, k -> factory.apply(List.of(a, b, c, k)));
    }

    @SuppressWarnings("unchecked")
    private static ConcurrentHashMap<String, Object> level(ConcurrentHashMap<String, Object> map, String key) {
        Object found = map.get(key);
        return (ConcurrentHashMap<String, Object>)
                (found != null ? found : map.computeIfAbsent(key, k -> new ConcurrentHashMap<String, Object>()));
    }
}
