package dev.featuremaps.cli;

import java.util.Collection;

/**
 * Making messages that quote user data safe for a terminal and short enough to read: the error
 * contract is one line on stderr, and a blob name is whatever the net file says it is.
 */
final class Messages {
    /** Names and values longer than this are cut in messages, with their length given. */
    static final int MAX_QUOTED = 100;

    private Messages() {
    }

    /**
     * A name or value as a message quotes it: cut after {@value #MAX_QUOTED} characters, with a
     * marker that gives its length. Control characters are left to {@link #escape}, which every
     * printed line passes through.
     */
    static String shorten(String s) {
        if (s.length() <= MAX_QUOTED) {
            return s;
        }
        int end = MAX_QUOTED;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…(" + s.length() + " chars)";
    }

    /**
     * Shortens every occurrence of the long names among {@code names} in a message built by code
     * that quotes names whole (the operators' and the workspace's messages).
     */
    static String shortenNames(String message, Collection<String> names) {
        String out = message;
        for (String name : names) {
            if (name.length() > MAX_QUOTED && out.contains(name)) {
                out = out.replace(name, shorten(name));
            }
        }
        return out;
    }

    /**
     * One printable line: line breaks, tabs and other control characters (C0, DEL, C1), the
     * Unicode line and paragraph separators and the bidirectional controls are written as escapes
     * ({@code \n}, {@code \t}, {@code \u001B}), so quoted data can neither break the line nor
     * drive the terminal.
     */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String esc = escapeOf(c);
            if (esc == null) {
                if (sb != null) {
                    sb.append(c);
                }
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            sb.append(esc);
        }
        return sb == null ? s : sb.toString();
    }

    private static String escapeOf(char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                break;
        }
        boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
        boolean separator = c == '\u2028' || c == '\u2029';
        boolean bidi = (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
        return control || separator || bidi ? String.format("\\u%04X", (int) c) : null;
    }
}
