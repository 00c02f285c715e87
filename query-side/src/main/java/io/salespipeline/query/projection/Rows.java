package io.salespipeline.query.projection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Helpers for the SQL of lists: loading a batch's rows at once, naming enum constants. */
public final class Rows {

    /** Placeholders {@code ?, ?, …} for an {@code in (…)} list. */
    public static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    /** The names of {@code values} as SQL string literals, {@code 'A', 'B'}: for an {@code in (…)} list written into a statement. */
    public static String literals(java.util.stream.Stream<? extends Enum<?>> values) {
        return values.map(v -> "'" + v.name() + "'").collect(java.util.stream.Collectors.joining(", "));
    }

    /** {@code values} in chunks of at most {@code size}, for {@code in (…)} lists of bounded length. */
    public static <T> List<List<T>> chunks(Collection<T> values, int size) {
        List<List<T>> chunks = new ArrayList<>();
        List<T> current = new ArrayList<>(size);
        for (T value : values) {
            current.add(value);
            if (current.size() == size) {
                chunks.add(current);
                current = new ArrayList<>(size);
            }
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    private Rows() {
    }
}
