package dev.signet.server.service.iam;

import java.util.List;
import java.util.Optional;

/**
 * The inline policies of users and groups (and, later, roles), keyed by their owner's id: stored
 * as given, implemented in {@code store/}. Names match regardless of case.
 */
public interface InlinePolicyRepository {

    /** A named policy document. */
    record InlinePolicy(String name, String document) {}

    /** Adds or replaces the owner's policy of that name. */
    void put(String ownerId, String name, String document);

    Optional<InlinePolicy> find(String ownerId, String name);

    /** False when the owner has no policy of that name. */
    boolean delete(String ownerId, String name);

    /** The owner's policy names, in lower-cased order. */
    List<String> names(String ownerId);
}
