package dev.signet.cli.server.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings {@code signet server} runs with, each with its {@link Source}: built-in defaults, then
 * the YAML file, then {@code SIGNET_*} environment variables, then flags, each layer overriding the
 * one before. Building it checks every value given (type, existing files) and refuses unknown keys
 * and variables with a {@link ConfigException}; the combinations are checked by {@link ServerConfigs}.
 */
public final class EffectiveConfig {
    private final Map<String, SettingValue> values;
    private final Optional<Path> file;

    private EffectiveConfig(Map<String, SettingValue> values, Optional<Path> file) {
        this.values = values;
        this.file = file;
    }

    /**
     * Layers the inputs.
     *
     * @param file the YAML file ({@code --config}, else {@code $SIGNET_CONFIG}), if any
     * @param env the process environment
     * @param flags flag values by setting path (the CLI's flags, already mapped to their paths)
     * @param flagNames the flag each of {@code flags} was given as (for messages)
     * @param workingDir what relative paths are resolved against
     * @throws ConfigException on the first problem found
     */
    public static EffectiveConfig load(
            Optional<Path> file,
            Map<String, String> env,
            Map<String, String> flags,
            Map<String, String> flagNames,
            Path workingDir) {
        Map<String, SettingValue> values = new LinkedHashMap<>();
        for (Setting s : Settings.ALL.values()) {
            s.defaultValue()
                    .map(d -> isPath(s) ? workingDir.resolve(d).toString() : d)
                    .ifPresent(d -> values.put(s.path(), new SettingValue(d, Source.DEFAULT, "built-in")));
        }
        Optional<Path> resolvedFile = file.map(workingDir::resolve);
        resolvedFile.ifPresent(f -> YamlSettings.read(f)
                .forEach((path, raw) ->
                        put(values, Settings.ALL.get(path), raw, Source.FILE, f.toString(), workingDir)));
        readEnv(env, values, workingDir);
        flags.forEach((path, raw) -> put(
                values,
                Settings.ALL.get(path),
                raw,
                Source.FLAG,
                flagNames.getOrDefault(path, Settings.ALL.get(path).flag()),
                workingDir));
        return new EffectiveConfig(values, resolvedFile);
    }

    private static void readEnv(Map<String, String> env, Map<String, SettingValue> values, Path workingDir) {
        List<String> names = new ArrayList<>(env.keySet());
        names.sort(null);
        for (String name : names) {
            if (!name.startsWith("SIGNET_") || Settings.OTHER_VARIABLES.contains(name)) {
                continue;
            }
            Setting setting = Settings.byEnv(name)
                    .orElseThrow(() -> new ConfigException(
                            name + ": unknown environment variable (no setting is spelled so; unset it)"));
            put(values, setting, env.get(name), Source.ENV, name, workingDir);
        }
        // the data directory's older variable, below SIGNET_DATA_DIR
        String home = env.get("SIGNET_HOME");
        if (home != null
                && !home.isBlank()
                && !env.containsKey(Settings.ALL.get("data-dir").env())) {
            put(values, Settings.ALL.get("data-dir"), home, Source.ENV, "SIGNET_HOME", workingDir);
        }
    }

    private static void put(
            Map<String, SettingValue> values,
            Setting setting,
            String raw,
            Source source,
            String origin,
            Path workingDir) {
        SettingValue given = new SettingValue(raw, source, origin);
        if (raw.isEmpty()) {
            throw ConfigException.of(setting.path(), "is empty; leave it out for the default", given);
        }
        String text;
        try {
            text = setting.check()
                    .apply(
                            isPath(setting)
                                    ? workingDir.resolve(Checks.path(raw)).toString()
                                    : raw);
        } catch (IllegalArgumentException e) {
            throw ConfigException.of(setting.path(), e.getMessage(), given);
        }
        values.put(setting.path(), new SettingValue(text, source, origin));
    }

    private static boolean isPath(Setting setting) {
        return setting.check().shape().equals("file") || setting.check().shape().equals("directory");
    }

    /**
     * The same configuration listening on {@code port} of the listen address's host: {@code --port},
     * the shorthand {@code signet server} has always had.
     *
     * @throws ConfigException when {@code --listen} was given too, or the port is out of range
     */
    public EffectiveConfig withPort(int port) {
        SettingValue flag = new SettingValue(Integer.toString(port), Source.FLAG, "--port");
        SettingValue listen = values.get("listen");
        if (listen.source() == Source.FLAG) {
            throw new ConfigException("listen: give --listen or --port, not both");
        }
        if (port < 0 || port > 65535) {
            throw ConfigException.of("listen", "--port must be 0..65535, got " + port, flag);
        }
        Map<String, SettingValue> changed = new LinkedHashMap<>(values);
        String host = Checks.hostPort(listen.text()).host();
        changed.put("listen", new SettingValue(host + ":" + port, Source.FLAG, "--port"));
        return new EffectiveConfig(changed, file);
    }

    /** The value of {@code path}, if it has one (given, or a default). */
    public Optional<SettingValue> get(String path) {
        if (!Settings.ALL.containsKey(path)) {
            throw new IllegalArgumentException("no setting " + path);
        }
        return Optional.ofNullable(values.get(path));
    }

    /** The text of {@code path}'s value. */
    public Optional<String> text(String path) {
        return get(path).map(SettingValue::text);
    }

    /** Whether {@code path} was given (not a default). */
    public boolean given(String path) {
        return get(path).filter(v -> v.source() != Source.DEFAULT).isPresent();
    }

    /** The YAML file read, if any. */
    public Optional<Path> file() {
        return file;
    }

    /**
     * One line per setting, in reference order: {@code path: value  # source origin}; unset ones
     * say so. Secret files show their path only; URLs lose any password and user info.
     */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("# signet server: effective configuration"
                + file.map(f -> " (file " + f + ")").orElse(""));
        for (Setting s : Settings.ALL.values()) {
            SettingValue v = values.get(s.path());
            if (v == null) {
                lines.add("# " + s.path() + ": (unset)");
                continue;
            }
            String shown = Checks.redactUrl(v.text());
            String where = v.source() == Source.DEFAULT ? "default" : v.source().label() + " " + v.origin();
            lines.add(s.path() + ": " + quote(shown) + "  # " + where
                    + (s.secret() ? " (secret: content not shown)" : ""));
        }
        return lines;
    }

    /** YAML-safe scalar: quoted when it could read as something else. */
    private static String quote(String text) {
        boolean plain = text.matches("[A-Za-z0-9_./:@\\[\\]+-]+") && !text.startsWith("[") && !text.contains(": ");
        return plain ? text : "'" + text.replace("'", "''") + "'";
    }
}
