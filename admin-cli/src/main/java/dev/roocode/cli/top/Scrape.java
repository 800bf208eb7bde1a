package dev.roocode.cli.top;

import java.time.Instant;
import java.util.List;

/**
 * One read of one metrics endpoint: its samples at {@code at}, or why it could not be read ({@code error}, one line).
 *
 * @param url     the endpoint
 * @param at      when the answer arrived
 * @param samples the samples (empty on error)
 * @param error   null when read
 */
record Scrape(String url, Instant at, List<Exposition.Sample> samples, String error) {
    static Scrape of(String url, Instant at, String text) {
        return new Scrape(url, at, Exposition.parse(text), null);
    }

    static Scrape failed(String url, Instant at, String error) {
        return new Scrape(url, at, List.of(), error);
    }

    boolean ok() {
        return error == null;
    }
}
