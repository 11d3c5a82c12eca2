package io.modelgate.pipeline;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;

import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Shrinks an object before it goes into an informer's cache, where it is only read. The JSON parser gives every model
 * object an empty {@code additionalProperties} map and every list field an empty list, and every object its own copy
 * of each string; at a thousand pipelines that was most of the heap (some 170 maps, 210 lists and 500 strings per
 * pipeline across its cached objects). So:
 *
 * <ul>
 *   <li>an empty map or list becomes the one shared immutable empty one (a write to a cached object, which would
 *       corrupt the cache, now fails at once instead);</li>
 *   <li>a small map (labels, annotations, selectors, resource lists: a handful of entries) becomes an
 *       {@link ArrayMap}, its entries in one array, in the same order; a LinkedHashMap's nodes and table were most of
 *       what the cached maps still weighed;</li>
 *   <li>every string is the JVM's shared instance ({@link String#intern()}): a namespace, label keys, a pipeline's
 *       and revision's names in the labels of everything they own, a Job's name and uid in its Pods' labels and owner
 *       references, images and templates a revision copies from its pipeline, condition texts. The string table
 *       lets an instance go once no object holds it, so deleted pipelines' names do not stay.</li>
 *   <li>a pod template equal to one already cached is that one: a revision freezes its pipeline's templates, so
 *       each template of a pipeline was held twice, and a Job's or Deployment's once more before they lost their pod
 *       spec. Only while some cached object holds it (weakly kept), and only for equal values: a map's entries keep
 *       the order of the first one cached.</li>
 * </ul>
 *
 * Values are unchanged: a compacted object {@code equals} what it was. Fields walked are those of the Kubernetes model
 * classes and of Modelgate's API classes, and the maps and lists they hold (a generic object's tree included); final
 * fields are left as they are.
 */
final class Compaction {

    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Field> fields = new ArrayList<>();
            for (Class<?> c = type; c != null && walked(c); c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    int modifiers = field.getModifiers();
                    if (!Modifier.isStatic(modifiers) && !Modifier.isFinal(modifiers) && !field.getType().isPrimitive()) {
                        field.setAccessible(true);
                        fields.add(field);
                    }
                }
            }
            return List.copyOf(fields);
        }
    };

    /** The pod templates held by cached objects, each once; weak both ways, so a template goes with its last holder. */
    private static final Map<PodTemplateSpec, WeakReference<PodTemplateSpec>> TEMPLATES = new WeakHashMap<>();

    private Compaction() {
    }

    static <T> T compact(T object) {
        compacted(object);
        return object;
    }

    private static boolean walked(Class<?> type) {
        String name = type.getName();
        return name.startsWith("io.fabric8.kubernetes.api.model.") || name.startsWith("io.modelgate.api.")
                || name.equals("io.fabric8.kubernetes.client.CustomResource");
    }

    /** The value to keep in place of {@code value}: itself, changed within, or a shared instance equal to it. */
    private static Object compacted(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String string) {
            return string.intern();
        }
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                return Collections.emptyMap();
            }
            if (map.size() <= ArrayMap.MAX_SIZE) {
                // Straight into the array: no hashed copy made on the way (this runs for every watch event).
                Object[] slots = new Object[map.size() * 2];
                int[] at = {0};
                map.forEach((key, item) -> {
                    slots[at[0]++] = compacted(key);
                    slots[at[0]++] = compacted(item);
                });
                return ArrayMap.of(slots);
            }
            Map<Object, Object> kept = new LinkedHashMap<>((int) (map.size() / 0.75f) + 1);
            map.forEach((key, item) -> kept.put(compacted(key), compacted(item)));
            return kept;
        }
        if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                return Collections.emptyList();
            }
            List<Object> kept = new ArrayList<>(list.size());
            list.forEach(item -> kept.add(compacted(item)));
            return kept;
        }
        if (walked(value.getClass())) {
            for (Field field : FIELDS.get(value.getClass())) {
                replace(value, field);
            }
        }
        // A Job's or Deployment's cached template keeps only its labels, unique to that object: nothing to share.
        return value instanceof PodTemplateSpec template && template.getSpec() != null ? shared(template) : value;
    }

    private static PodTemplateSpec shared(PodTemplateSpec template) {
        synchronized (TEMPLATES) {
            WeakReference<PodTemplateSpec> held = TEMPLATES.get(template);
            PodTemplateSpec kept = held == null ? null : held.get();
            if (kept != null) {
                return kept;
            }
            TEMPLATES.put(template, new WeakReference<>(template));
            return template;
        }
    }

    private static void replace(Object owner, Field field) {
        try {
            Object value = field.get(owner);
            Object kept = compacted(value);
            if (kept != value && field.getType().isInstance(kept)) {
                field.set(owner, kept);
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot compact " + field, e);
        }
    }
}
