package io.modelgate.api;

/**
 * The schema published for an engine's own objects taken as written (a JobSet's Job template and
 * policies, a TrainJob's runtime patch): an object whose fields are all kept. As a {@code Map} the
 * generator would publish "an object of objects", and the API server would prune or refuse every
 * nested field; the engine's own API server validates them when the operator creates its object.
 */
final class OpaqueObject {
    private OpaqueObject() {
    }
}
