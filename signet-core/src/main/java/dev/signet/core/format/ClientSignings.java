package dev.signet.core.format;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The {@link ClientSigning} plug-ins on the class path, found once with {@link ServiceLoader}. */
public final class ClientSignings {
    private static final List<ClientSigning> ALL = ServiceLoader.load(ClientSigning.class).stream()
            .map(ServiceLoader.Provider::get)
            .toList();

    private ClientSignings() {}

    public static List<ClientSigning> all() {
        return ALL;
    }

    /** The client half for {@code platformId}; empty when that platform signs through StartSigningJob only. */
    public static Optional<ClientSigning> forPlatform(String platformId) {
        return ALL.stream().filter(c -> c.platformIds().contains(platformId)).findFirst();
    }
}
