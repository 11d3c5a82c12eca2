package io.modelgate.pipeline;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A small map kept as one array of keys and values, in the order they were put, for {@link Compaction}. A cached
 * object's labels, annotations, selectors and resource lists hold a handful of entries each, and a
 * {@link java.util.LinkedHashMap} spends a 40-byte node per entry plus a table and its own header on them: some 300
 * bytes for five labels, against some 80 here. Lookups scan the array, which for so few entries is as fast as
 * hashing. Like a LinkedHashMap it keeps the order of insertion (so JSON written from a cached object, and any hash of
 * it, stays as it was), allows null keys and values, and can be changed: a cached map with entries stays its
 * object's own.
 */
final class ArrayMap<K, V> extends AbstractMap<K, V> {

    /** Maps larger than this stay hashed: a scan would cost more than the bytes it saves. */
    static final int MAX_SIZE = 16;

    private static final Object[] EMPTY = {};

    /** key 0, value 0, key 1, value 1, ... */
    private Object[] slots;

    ArrayMap(Map<? extends K, ? extends V> entries) {
        Object[] filled = new Object[entries.size() * 2];
        int[] at = {0};
        entries.forEach((key, value) -> {
            filled[at[0]++] = key;
            filled[at[0]++] = value;
        });
        this.slots = at[0] == filled.length ? filled : Arrays.copyOf(filled, at[0]);
    }

    private ArrayMap(Object[] slots) {
        this.slots = slots;
    }

    /** The map of {@code slots} (key 0, value 0, key 1, ...; distinct keys), which it keeps as its own array. */
    static <K, V> ArrayMap<K, V> of(Object[] slots) {
        return new ArrayMap<>(slots);
    }

    private int indexOf(Object key) {
        Object[] held = slots;
        for (int i = 0; i < held.length; i += 2) {
            if (Objects.equals(held[i], key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return slots.length / 2;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : (V) slots[i + 1];
    }

    @Override
    @SuppressWarnings("unchecked")
    public V put(K key, V value) {
        int i = indexOf(key);
        if (i >= 0) {
            V previous = (V) slots[i + 1];
            slots[i + 1] = value;
            return previous;
        }
        Object[] grown = Arrays.copyOf(slots, slots.length + 2);
        grown[slots.length] = key;
        grown[slots.length + 1] = value;
        slots = grown;
        return null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V remove(Object key) {
        int i = indexOf(key);
        if (i < 0) {
            return null;
        }
        V previous = (V) slots[i + 1];
        removeAt(i);
        return previous;
    }

    private void removeAt(int i) {
        Object[] shrunk = new Object[slots.length - 2];
        System.arraycopy(slots, 0, shrunk, 0, i);
        System.arraycopy(slots, i + 2, shrunk, i, slots.length - i - 2);
        slots = shrunk;
    }

    @Override
    public void clear() {
        slots = EMPTY;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<? super K, ? super V> action) {
        Object[] held = slots;
        for (int i = 0; i < held.length; i += 2) {
            action.accept((K) held[i], (V) held[i + 1]);
        }
    }

    @Override
    public int hashCode() {
        int hash = 0;
        Object[] held = slots;
        for (int i = 0; i < held.length; i += 2) {
            hash += Objects.hashCode(held[i]) ^ Objects.hashCode(held[i + 1]);
        }
        return hash;
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return ArrayMap.this.size();
            }

            @Override
            public Iterator<Entry<K, V>> iterator() {
                return new Iterator<>() {
                    private Object[] seen = slots;
                    private int next;
                    private int last = -1;

                    @Override
                    public boolean hasNext() {
                        return next < seen.length;
                    }

                    @Override
                    public Entry<K, V> next() {
                        if (seen != slots) {
                            throw new ConcurrentModificationException();
                        }
                        if (next >= seen.length) {
                            throw new NoSuchElementException();
                        }
                        last = next;
                        next += 2;
                        return new Slot(last);
                    }

                    @Override
                    public void remove() {
                        if (last < 0 || seen != slots) {
                            throw last < 0 ? new IllegalStateException() : new ConcurrentModificationException();
                        }
                        removeAt(last);
                        seen = slots;
                        next = last;
                        last = -1;
                    }
                };
            }
        };
    }

    /** An entry that reads and writes its slot of the map, as a LinkedHashMap's entry does. */
    private final class Slot implements Entry<K, V> {
        private final Object[] of = slots;
        private final int at;

        Slot(int at) {
            this.at = at;
        }

        @Override
        @SuppressWarnings("unchecked")
        public K getKey() {
            return (K) of[at];
        }

        @Override
        @SuppressWarnings("unchecked")
        public V getValue() {
            return (V) of[at + 1];
        }

        @Override
        public V setValue(V value) {
            V previous = getValue();
            of[at + 1] = value;
            return previous;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Entry<?, ?> entry && Objects.equals(getKey(), entry.getKey())
                    && Objects.equals(getValue(), entry.getValue());
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(getKey()) ^ Objects.hashCode(getValue());
        }

        @Override
        public String toString() {
            return getKey() + "=" + getValue();
        }
    }
}
