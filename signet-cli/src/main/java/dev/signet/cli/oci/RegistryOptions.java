package dev.signet.cli.oci;

import dev.signet.cli.CliContext;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Options of the commands that talk to an OCI registry. Credentials come from the environment
 * ({@code SIGNET_REGISTRY_USER}, {@code SIGNET_REGISTRY_PASSWORD}: HTTP basic auth), never from
 * the command line; without them the registry is used anonymously.
 */
public final class RegistryOptions {
    @Option(names = "--insecure-registry", description = "Use plain HTTP for the registry (loopback registries only).")
    boolean insecure;

    public ImageReference parse(String image) {
        return ImageReference.parse(image, insecure);
    }

    public RegistryClient client(CliContext context, ImageReference image) {
        Optional<String> user = context.env("SIGNET_REGISTRY_USER");
        Optional<String> password = context.env("SIGNET_REGISTRY_PASSWORD");
        return new RegistryClient(image, user, password);
    }
}
