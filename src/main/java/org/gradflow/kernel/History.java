package org.gradflow.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The cells executed in this session, for {@code history_request}: tail, range and glob search.
 * The session number is always 1 (the protocol's "current session" is 0 or 1 here).
 */
final class History {

    /** One executed cell. */
    record Entry(int session, int line, String input, String output) {
    }

    static final int SESSION = 1;
    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(int line, String input, String output) {
        entries.add(new Entry(SESSION, line, input, output));
    }

    /** The last {@code n} entries. */
    synchronized List<Entry> tail(int n) {
        return List.copyOf(entries.subList(Math.max(0, entries.size() - n), entries.size()));
    }

    /** Entries with {@code start <= line < stop} of this session ({@code stop <= 0}: to the end). */
    synchronized List<Entry> range(int session, int start, int stop) {
        if (session != 0 && session != SESSION) {
            return List.of();
        }
        return entries.stream().filter(e -> e.line() >= start && (stop <= 0 || e.line() < stop)).toList();
    }

    /** Entries whose input matches the glob {@code pattern} ({@code *}, {@code ?}); the last {@code n}. */
    synchronized List<Entry> search(String pattern, int n, boolean unique) {
        Pattern regex = glob(pattern);
        List<Entry> matches = entries.stream().filter(e -> regex.matcher(e.input()).matches()).toList();
        if (unique) {
            Map<String, Entry> latest = new LinkedHashMap<>();
            for (Entry e : matches) {
                latest.remove(e.input());
                latest.put(e.input(), e);
            }
            matches = List.copyOf(latest.values());
        }
        return n > 0 && matches.size() > n ? matches.subList(matches.size() - n, matches.size()) : matches;
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
