package dev.roocode.api.admin.console;

import java.util.Objects;

/**
 * HTML built so that escaping is the default: {@link #format} escapes every argument that is not already {@link
 * Safe} markup, and only {@code format} and {@link #join} make Safe values. A page is never assembled from raw strings.
 */
final class Html {
    private Html() {}

    /** Markup that is already escaped (built by {@link #format} or from a constant). */
    record Safe(String html) {
        Safe {
            Objects.requireNonNull(html, "html");
        }

        @Override
        public String toString() {
            return html;
        }
    }

    /** Escapes text for element content and quoted attribute values; null becomes empty. */
    static String escape(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * {@code template} (trusted markup written in this package) with each {@code {}} replaced by the next argument,
     * escaped unless it is {@link Safe}.
     */
    static Safe format(String template, Object... args) {
        StringBuilder out = new StringBuilder(template.length() + 64);
        int arg = 0;
        int from = 0;
        for (int at; (at = template.indexOf("{}", from)) >= 0; from = at + 2) {
            if (arg >= args.length) {
                throw new IllegalArgumentException("more {} than arguments in: " + template);
            }
            out.append(template, from, at);
            Object value = args[arg++];
            out.append(value instanceof Safe safe ? safe.html() : escape(value));
        }
        if (arg != args.length) {
            throw new IllegalArgumentException("more arguments than {} in: " + template);
        }
        out.append(template, from, template.length());
        return new Safe(out.toString());
    }

    /** Safe fragments one after the other. */
    static Safe join(Iterable<Safe> parts) {
        StringBuilder out = new StringBuilder();
        parts.forEach(p -> out.append(p.html()));
        return new Safe(out.toString());
    }
}
