package io.modelgate.pipeline.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** What the API server answered to one {@link Intent}. */
public sealed interface WriteResult {

    /** Created, patched or deleted; {@code object} is what the server returned (null for a delete). */
    record Done(HasMetadata object) implements WriteResult {
    }

    /** A create found the name taken (409 AlreadyExists): deterministic names make that a repeat. */
    record AlreadyThere() implements WriteResult {
    }

    /** A precondition failed: the object changed under us (409 Conflict, or a JSON patch "test" that failed). */
    record Conflict(String message) implements WriteResult {
    }

    /** The server refused the object itself (400, 422: schema, admission webhook, immutable field). */
    record Rejected(int code, String message) implements WriteResult {
    }

    /** RBAC said no (403), or the namespace is terminating. */
    record Forbidden(String message) implements WriteResult {

        /** The API server's refusal of new objects in a namespace being deleted, which no retry will lift. */
        public boolean namespaceTerminating() {
            return message != null && message.contains("because it is being terminated");
        }
    }

    /** The object to change is not there (404). */
    record Gone() implements WriteResult {
    }

    /** What the server said, for a person. */
    default String describe() {
        if (this instanceof Conflict conflict) {
            return conflict.message();
        }
        if (this instanceof Rejected rejected) {
            return rejected.message();
        }
        if (this instanceof Forbidden forbidden) {
            return forbidden.message();
        }
        return getClass().getSimpleName();
    }

    /** Whether the plan assumed this answer: anything else ends the round and is planned again. */
    default boolean asPlanned(Intent intent) {
        if (this instanceof Done || this instanceof Gone && intent instanceof Intent.Delete) {
            return true;
        }
        return this instanceof AlreadyThere && intent instanceof Intent.Create create && !create.mustBeNew();
    }
}
