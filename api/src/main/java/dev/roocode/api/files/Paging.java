package dev.roocode.api.files;

import dev.roocode.api.http.ApiException;
import dev.roocode.api.http.Exchanges;
import io.undertow.server.HttpServerExchange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/** OpenAI's cursor pagination ({@code after}, {@code limit}) over a list already in answer order; Files and Batches share it. */
public final class Paging {
    private Paging() {}

    /** The {@code limit} query parameter: {@code fallback} when absent, 400 outside 1..{@code max}. */
    public static int limit(HttpServerExchange exchange, int fallback, int max) {
        String raw = Exchanges.queryParam(exchange, "limit");
        if (raw == null) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(raw.trim());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.invalidRequest(
                "limit",
                "invalid_value",
                "Invalid value for 'limit': '" + FilesEndpoints.oneLine(raw) + "'. It must be an integer from 1 to "
                        + max + ".");
    }

    /**
     * Feeds {@code sink} up to {@code limit} items of {@code items} that come after the one whose id is {@code after}
     * (all from the start when null; none when no item has that id).
     *
     * @return whether more items follow the page
     */
    public static <T> boolean page(List<T> items, Function<T, String> id, String after, int limit, Consumer<T> sink) {
        int start = 0;
        if (after != null) {
            start = items.size();
            for (int i = 0; i < items.size(); i++) {
                if (id.apply(items.get(i)).equals(after)) {
                    start = i + 1;
                    break;
                }
            }
        }
        int end = Math.min(items.size(), start + limit);
        for (int i = start; i < end; i++) {
            sink.accept(items.get(i));
        }
        return end < items.size();
    }

    /** {@code {"object": "list", "data", "first_id", "last_id", "has_more"}}. */
    public static Map<String, Object> listBody(List<Map<String, Object>> data, boolean hasMore) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "list");
        body.put("data", data);
        body.put("first_id", data.isEmpty() ? null : data.get(0).get("id"));
        body.put("last_id", data.isEmpty() ? null : data.get(data.size() - 1).get("id"));
        body.put("has_more", hasMore);
        return body;
    }
}
