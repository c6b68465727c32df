package dev.signet.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.KeyMaterialStore;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Key material kept in the database: entries by folder, replaced whole, hostile names refused. */
class JdbiKeyMaterialStoreTest {
    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases();

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void entriesAreKeptPerFolderAndReplacedWhole(TestDatabase engine) throws Exception {
        KeyMaterialStore root = new JdbiKeyMaterialStore(DATABASES.get(engine), Clock.systemUTC());
        KeyMaterialStore ca = root.folder("ca-" + engine);
        KeyMaterialStore tsa = root.folder("tsa-" + engine);
        assertThat(ca.read("root.pem")).isEmpty();
        ca.write("root.pem", new byte[] {1, 2, 3});
        assertThat(ca.read("root.pem")).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
        assertThat(tsa.read("root.pem")).isEmpty();
        ca.write("root.pem", new byte[] {9});
        assertThat(ca.read("root.pem")).hasValueSatisfying(b -> assertThat(b).containsExactly(9));
        assertThat(ca.describe()).isEqualTo("the database's key material ca-" + engine + "/");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aFolderListsItsOwnEntriesOnly(TestDatabase engine) throws Exception {
        KeyMaterialStore root = new JdbiKeyMaterialStore(DATABASES.get(engine), Clock.systemUTC());
        KeyMaterialStore keys = root.folder("list-" + engine);
        // a folder whose name starts like this one's, and a sub-folder, are not this folder's entries
        root.folder("list-" + engine + "x").write("other.key", new byte[] {1});
        keys.folder("sub").write("nested.key", new byte[] {1});
        assertThat(keys.names()).isEmpty();
        keys.write("b.key", new byte[] {2});
        keys.write("a.key", new byte[] {1});
        keys.write("a.key", new byte[] {3});
        assertThat(keys.names()).containsExactly("a.key", "b.key");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void namesThatAreNotOneSafeSegmentAreRefused(TestDatabase engine) {
        KeyMaterialStore keys = new JdbiKeyMaterialStore(DATABASES.get(engine), Clock.systemUTC()).folder("keys");
        for (String name : new String[] {"", "../ca/root.pem", "a/b", ".hidden", "x%", "a".repeat(129)}) {
            assertThatThrownBy(() -> keys.read(name))
                    .as(name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("not a key material name");
        }
    }
}
