package io.modelgate.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Sets of chars for {@link Gen#strings(Gen, int, int)}: ranges and single chars, each char as likely (a char in two
 * parts twice as likely); the edge cases are the first and last char of each part.
 */
public final class Chars implements Gen<Character> {

    private record Part(char from, char to) {
        int size() {
            return to - from + 1;
        }
    }

    private final List<Part> parts;
    private final int size;

    private Chars(List<Part> parts) {
        this.parts = List.copyOf(parts);
        this.size = parts.stream().mapToInt(Part::size).sum();
    }

    public static Chars range(char from, char to) {
        if (from > to) {
            throw new IllegalArgumentException("empty range " + from + ".." + to);
        }
        return new Chars(List.of(new Part(from, to)));
    }

    /** Each char of {@code chars}. */
    public static Chars of(String chars) {
        List<Part> parts = new ArrayList<>();
        for (char c : chars.toCharArray()) {
            parts.add(new Part(c, c));
        }
        return new Chars(parts);
    }

    /** A to Z and a to z. */
    public static Chars alpha() {
        return range('A', 'Z').and(range('a', 'z'));
    }

    public static Chars numeric() {
        return range('0', '9');
    }

    /** Every char but surrogates, noncharacters and those for private use: jqwik's default. */
    public static Chars unicode() {
        return new Chars(List.of(new Part('\u0000', '\ud7ff'), new Part('\uf900', '\ufdcf'), new Part('\ufdf0', '\ufffd')));
    }

    public Chars and(Chars more) {
        List<Part> all = new ArrayList<>(parts);
        all.addAll(more.parts);
        return new Chars(all);
    }

    public Chars with(String chars) {
        return and(of(chars));
    }

    @Override
    public Character next(Random random) {
        if (random.nextInt(Gens.EDGE_ONE_IN) == 0) {
            return edgeCase(random);
        }
        int at = random.nextInt(size);
        for (Part part : parts) {
            if (at < part.size()) {
                return (char) (part.from() + at);
            }
            at -= part.size();
        }
        throw new IllegalStateException("unreachable");
    }

    @Override
    public Character edgeCase(Random random) {
        Part part = parts.get(random.nextInt(parts.size()));
        return random.nextBoolean() ? part.from() : part.to();
    }

    @Override
    public long count() {
        return size;
    }

    @Override
    public List<Character> all() {
        List<Character> all = new ArrayList<>(size);
        parts.forEach(part -> {
            for (int c = part.from(); c <= part.to(); c++) {
                all.add((char) c);
            }
        });
        return all;
    }
}
