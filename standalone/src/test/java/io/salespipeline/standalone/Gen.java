package io.salespipeline.standalone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * A generator of test values from a seeded {@link Random}: the same seed gives the same values, so a
 * failure names the seed and the try that reproduce it. Plain Java, for the generated hostile requests.
 */
@FunctionalInterface
interface Gen<T> {

    T next(Random random);

    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return random -> f.apply(next(random));
    }

    /** Between {@code min} and {@code max} values of this generator. */
    default Gen<List<T>> list(int min, int max) {
        return random -> {
            int n = min + random.nextInt(max - min + 1);
            List<T> values = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                values.add(next(random));
            }
            return values;
        };
    }

    static <T> Gen<T> just(T value) {
        return random -> value;
    }

    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        return of(Arrays.asList(values));
    }

    static <T> Gen<T> of(List<T> values) {
        List<T> copy = List.copyOf(values);
        return random -> copy.get(random.nextInt(copy.size()));
    }

    /** One of the generators, each equally likely. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        return random -> gens[random.nextInt(gens.length)].next(random);
    }

    /** One of the generators, in proportion to its weight. */
    static <T> Gen<T> frequency(List<Weighted<T>> choices) {
        int total = choices.stream().mapToInt(Weighted::weight).sum();
        return random -> {
            int pick = random.nextInt(total);
            for (Weighted<T> choice : choices) {
                pick -= choice.weight();
                if (pick < 0) {
                    return choice.gen().next(random);
                }
            }
            throw new IllegalStateException("weights changed");
        };
    }

    record Weighted<T>(int weight, Gen<? extends T> gen) {
    }

    static <T> Weighted<T> weight(int weight, Gen<? extends T> gen) {
        return new Weighted<>(weight, gen);
    }

    /** An int in {@code [min, max]}. */
    static Gen<Integer> ints(int min, int max) {
        return random -> (int) (min + Math.floorMod(random.nextLong(), (long) max - min + 1));
    }

    /** Any int, the edges more often than chance would give them. */
    static Gen<Integer> anyInt() {
        return oneOf(of(0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE), Random::nextInt);
    }

    /** Any long, the edges more often than chance would give them. */
    static Gen<Long> anyLong() {
        return oneOf(of(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE), Random::nextLong);
    }

    /**
     * Strings of up to {@code maxLength} characters from all of Unicode: ASCII, control characters, lone
     * surrogates, the rest of the basic plane and the supplementary planes (as pairs).
     */
    static Gen<String> anyString(int minLength, int maxLength) {
        return random -> {
            int n = minLength + random.nextInt(maxLength - minLength + 1);
            StringBuilder text = new StringBuilder();
            while (text.length() < n) {
                int codePoint = switch (random.nextInt(6)) {
                    case 0 -> 0x20 + random.nextInt(0x5F);          // printable ASCII
                    case 1 -> random.nextInt(0x20);                  // control characters
                    case 2 -> 0xD800 + random.nextInt(0x800);        // a lone surrogate
                    case 3 -> 0x80 + random.nextInt(0xD800 - 0x80);  // the rest of the basic plane
                    case 4 -> 0xE000 + random.nextInt(0x2000);       // private use, specials, BOM
                    default -> 0x10000 + random.nextInt(0x100000);   // supplementary planes
                };
                if (Character.isSupplementaryCodePoint(codePoint) && text.length() + 2 > n) {
                    continue;
                }
                text.appendCodePoint(codePoint);
            }
            return text.toString();
        };
    }

    /** Strings of up to {@code maxLength} characters in {@code [from, to]}. */
    static Gen<String> strings(char from, char to, int minLength, int maxLength) {
        return random -> {
            int n = minLength + random.nextInt(maxLength - minLength + 1);
            StringBuilder text = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                text.append((char) (from + random.nextInt(to - from + 1)));
            }
            return text.toString();
        };
    }

    /** Up to {@code maxLength} random bytes. */
    static Gen<byte[]> bytes(int maxLength) {
        return random -> {
            byte[] bytes = new byte[random.nextInt(maxLength + 1)];
            random.nextBytes(bytes);
            return bytes;
        };
    }
}
