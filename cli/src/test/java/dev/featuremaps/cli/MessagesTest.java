package dev.featuremaps.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Quoted user data can neither break the one error line nor drive the terminal. */
class MessagesTest {
    @Test
    void controlCharactersAreEscaped() {
        assertEquals("a\\nb\\r\\tc\\u001B[31m\\u0000\\u007F\\u009B\\u2028\\u202E\u00e9",
                Messages.escape("a\nb\r\tc\u001b[31m\u0000\u007f\u009b\u2028\u202e\u00e9"));
        assertEquals("plain", Messages.escape("plain"));
    }

    @Test
    void longNamesAreCutWithTheirLength() {
        String name = "x".repeat(1 << 20);
        assertEquals("x".repeat(100) + "…(1048576 chars)", Messages.shorten(name));
        assertEquals("short", Messages.shorten("short"));
        // Never half a surrogate pair.
        String emoji = "a".repeat(99) + "\uD83D\uDE00" + "b".repeat(10);
        assertEquals("a".repeat(99) + "…(111 chars)", Messages.shorten(emoji));
        assertEquals("blob '" + Messages.shorten(name) + "' does not exist",
                Messages.shortenNames("blob '" + name + "' does not exist", List.of("p", name)));
    }
}
