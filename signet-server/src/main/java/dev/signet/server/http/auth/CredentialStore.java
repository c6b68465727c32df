package dev.signet.server.http.auth;

import java.util.Optional;

/** Finds the active access key a request claims to be signed with. */
@FunctionalInterface
public interface CredentialStore {

    /** The key and its principal, or empty when the id is unknown or the key is not active. */
    Optional<ResolvedAccessKey> find(String accessKeyId);
}
