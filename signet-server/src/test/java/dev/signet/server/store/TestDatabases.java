package dev.signet.server.store;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One fresh database per engine for a whole test class, closed after the class:
 *
 * <pre>{@code
 * @RegisterExtension static final TestDatabases DATABASES = new TestDatabases();
 *
 * @ParameterizedTest @EnumSource(TestDatabase.class)
 * void works(TestDatabase engine) { Database db = DATABASES.get(engine); ... }
 * }</pre>
 */
public final class TestDatabases implements AfterAllCallback {
    private final Map<TestDatabase, Database> open = new EnumMap<>(TestDatabase.class);

    public synchronized Database get(TestDatabase engine) {
        return open.computeIfAbsent(engine, TestDatabase::open);
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        open.values().forEach(Database::close);
        open.clear();
    }
}
