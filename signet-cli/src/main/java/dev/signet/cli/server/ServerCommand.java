package dev.signet.cli.server;

import dev.signet.cli.CliContext;
import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.cli.GlobalOptions;
import dev.signet.cli.SignetCommand;
import dev.signet.cli.server.config.ConfigException;
import dev.signet.cli.server.config.EffectiveConfig;
import dev.signet.cli.server.config.ServerConfigs;
import dev.signet.cli.server.config.Setting;
import dev.signet.cli.server.config.Settings;
import dev.signet.server.ServerConfig;
import dev.signet.server.ServerJvm;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signet server}: runs the embedded server until Ctrl-C or SIGTERM. Its settings come from
 * built-in defaults, a YAML file ({@code --config}, {@code $SIGNET_CONFIG}), {@code SIGNET_*}
 * variables and flags, in rising precedence ({@link EffectiveConfig}); every setting's flag is made
 * from the catalogue ({@link Settings}) by {@link SettingFlags}. A configuration that cannot run is
 * refused before anything starts: one line naming the setting, exit code {@value ExitCode#USAGE}.
 * {@link ServerRunner} touches the server classes, so other commands never load them.
 */
@Command(
        name = ServerCommand.NAME,
        mixinStandardHelpOptions = true,
        modelTransformer = ServerCommand.SettingFlags.class,
        description = {
            "Run the Signet server (AWS Signer API, S3 object store, /v1) until Ctrl-C; by default on 127.0.0.1:8080.",
            "On first start it creates DATA with the master key, the CA, the database and the",
            "bootstrap admin access key in DATA/credentials (AWS credentials-file format, profile [signet]).",
            "Settings: built-in defaults < --config FILE (YAML) or $SIGNET_CONFIG < SIGNET_* variables < flags;",
            "the reference is docs/operations.md (Configuration)."
        })
public final class ServerCommand implements Callable<Integer> {
    /** The command's name (SignetCommand lists it by this name). */
    public static final String NAME = "server";

    /**
     * The JVM flags the server runs with, for {@code Launch}: the server's own ({@link ServerJvm}),
     * named here so that only this package of the CLI depends on the server.
     */
    public static final List<String> JVM_FLAGS = ServerJvm.FLAGS;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "YAML configuration file (default: $SIGNET_CONFIG, else none).")
    Path config;

    @Option(
            names = "--print-config",
            description = "Print the effective configuration (each value with its source, secrets not shown) and exit.")
    boolean printConfig;

    @Option(
            names = "--port",
            paramLabel = "N",
            description = "Shorthand: listen on port N of the listen address's host (127.0.0.1 by default); 0 picks a"
                    + " free one.")
    Integer port;

    @Override
    public Integer call() throws InterruptedException {
        CliContext context = SignetCommand.context(spec);
        GlobalOptions global = SignetCommand.global(spec);
        if (global.endpoint().isPresent()) {
            throw CliException.usage("--endpoint is for client commands; the server listens on --listen");
        }
        if (global.outputGiven()) {
            throw CliException.usage("--output is for client commands; the server prints its log as text");
        }
        ServerConfig server;
        EffectiveConfig effective;
        try {
            effective = effective(context, global.data());
            if (!printConfig) {
                // before the server's classes load: they log from their static initialisers on
                ServerLogging.configure(effective.text("log.format").orElseThrow());
            }
            server = ServerConfigs.serverConfig(effective);
            if (printConfig) {
                effective.describe().forEach(context.out()::println);
                context.out().flush();
                return ExitCode.OK;
            }
        } catch (ConfigException e) {
            throw CliException.usage(e.getMessage());
        }
        ServerRunner.runUntilShutdown(server);
        return ExitCode.OK;
    }

    private EffectiveConfig effective(CliContext context, Optional<Path> dataOption) {
        EffectiveConfig effective = effective(spec, context, dataOption, Optional.ofNullable(config));
        return port == null ? effective : effective.withPort(port);
    }

    /**
     * The server settings an admin command on the deployment is given, as {@code signet server}
     * would read them ({@code --config} else {@code $SIGNET_CONFIG}, variables, flags, {@code --data}).
     *
     * @throws CliException (usage) when they are refused
     */
    static ServerConfig serverConfig(CommandSpec spec, Optional<Path> configFile) {
        try {
            return ServerConfigs.serverConfig(effective(
                    spec,
                    SignetCommand.context(spec),
                    SignetCommand.global(spec).data(),
                    configFile));
        } catch (ConfigException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    /**
     * The configuration of a command carrying {@link SettingFlags} and {@code --config}: the file
     * ({@code --config}, else {@code $SIGNET_CONFIG}), the variables and the flags given.
     */
    static EffectiveConfig effective(
            CommandSpec spec, CliContext context, Optional<Path> dataOption, Optional<Path> configFile) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        Map<String, String> flags = new LinkedHashMap<>();
        Map<String, String> flagNames = new LinkedHashMap<>();
        for (Setting setting : Settings.ALL.values()) {
            if (parsed.hasMatchedOption(setting.flag())) {
                flags.put(setting.path(), parsed.matchedOptionValue(setting.flag(), ""));
            }
        }
        if (dataOption.isPresent()) {
            if (flags.containsKey("data-dir")) {
                throw new ConfigException("data-dir: give --data-dir or --data, not both");
            }
            flags.put("data-dir", dataOption.get().toString());
            flagNames.put("data-dir", "--data");
        }
        Optional<Path> file =
                configFile.or(() -> context.env(Settings.CONFIG_ENV).map(Path::of));
        return EffectiveConfig.load(file, context.env(), flags, flagNames, context.workingDir());
    }

    /** Adds one option per setting ({@link Setting#flag}), each taking its value as text; booleans may omit it. */
    public static final class SettingFlags implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            for (Setting setting : Settings.ALL.values()) {
                boolean bool = setting.check().shape().equals("true|false");
                OptionSpec.Builder option = OptionSpec.builder(setting.flag())
                        .type(String.class)
                        .paramLabel(label(setting))
                        .description(setting.description()
                                + setting.defaultValue()
                                        .map(d -> " (default: " + d + ")")
                                        .orElse("")
                                + " [" + setting.env() + "]");
                if (bool) {
                    option.arity("0..1").fallbackValue("true");
                }
                command.addOption(option.build());
            }
            return command;
        }

        private static String label(Setting setting) {
            return switch (setting.check().shape()) {
                case "true|false" -> "true|false";
                case "file" -> "FILE";
                case "directory" -> "DIR";
                default -> "VALUE";
            };
        }
    }
}
