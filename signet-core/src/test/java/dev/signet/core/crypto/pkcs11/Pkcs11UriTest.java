package dev.signet.core.crypto.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Pkcs11UriTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "signet|KEY1|KEY1|pkcs11:token=signet;object=KEY1;id=KEY1",
                "my token|a;b|x=y|pkcs11:token=my%20token;object=a%3Bb;id=x%3Dy",
                "Jetons à clé|k~_.-|k|pkcs11:token=Jetons%20%C3%A0%20cl%C3%A9;object=k~_.-;id=k"
            })
    void writesAndReadsRfc7512Uris(String token, String object, String id, String text) {
        Pkcs11Uri uri = new Pkcs11Uri(token, object, id);
        assertThat(uri).hasToString(text);
        assertThat(Pkcs11Uri.parse(text)).isEqualTo(uri);
        // attributes may come in any order, and percent-encoding in either case
        assertThat(Pkcs11Uri.parsePath("id=" + Pkcs11Uri.encode(id) + ";object="
                        + Pkcs11Uri.encode(object).toLowerCase().replace("%3b", "%3B")
                        + ";token=" + Pkcs11Uri.encode(token)))
                .isEqualTo(new Pkcs11Uri(token, object.toLowerCase(), id));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "token=t;object=o",
                "token=t;object=o;id=i;id=i",
                "token=t;object=o;id=i;pin-value=1234",
                "token=t;object=o;id=",
                "token=;object=o;id=i",
                "token=t;object=o/p;id=i",
                "token=t;object=o p;id=i",
                "token=t;object=%4;id=i",
                "token=t;object=%zz;id=i",
                "token=t;object=%FF;id=i",
                "token=t;object",
                "token=123456789012345678901234567890123;object=o;id=i"
            })
    void refusesMalformedOrForeignPaths(String path) {
        assertThatThrownBy(() -> Pkcs11Uri.parsePath(path)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"software:ABC", "pkcs11", "PKCS11:token=t;object=o;id=i"})
    void refusesOtherSchemes(String uri) {
        assertThatThrownBy(() -> Pkcs11Uri.parse(uri)).isInstanceOf(IllegalArgumentException.class);
    }
}
