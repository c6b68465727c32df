package dev.signet.server.service.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.platform.PlatformRegistry;
import dev.signet.core.platform.SigningPlatform;
import dev.signet.server.service.PageTokens;
import dev.signet.server.service.ServiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SigningPlatformServiceTest {
    private final PlatformRegistry registry = PlatformRegistry.builtIn();
    private final SigningPlatformService service = new SigningPlatformService(registry, new PageTokens(new byte[32]));

    @Test
    void getReturnsTheRegistryEntryAndRefusesUnknownIds() {
        assertThat(service.get("Signet-CMS-SHA256-ECDSA").maxSizeInMB()).isPositive();
        assertThatThrownBy(() -> service.get("AWSLambda-SHA384-ECDSA "))
                .isInstanceOf(ServiceException.class)
                .extracting(e -> ((ServiceException) e).errorCode())
                .isEqualTo("ResourceNotFoundException");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 25})
    void pagesCoverEveryPlatformOnceInRegistryOrder(int pageSize) {
        List<String> seen = new ArrayList<>();
        Optional<String> token = Optional.empty();
        for (int i = 0; i < 50; i++) {
            PlatformPage page =
                    service.list(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(pageSize), token);
            assertThat(page.platforms().size()).isLessThanOrEqualTo(pageSize);
            page.platforms().forEach(p -> seen.add(p.platformId()));
            token = page.nextToken();
            if (token.isEmpty()) {
                break;
            }
        }
        assertThat(seen)
                .containsExactlyElementsOf(
                        registry.all().stream().map(SigningPlatform::platformId).toList());
    }

    @Test
    void filtersMatchExactlyAndTokensAreBoundToThem() {
        PlatformPage signet = service.list(
                Optional.empty(), Optional.of("Signet"), Optional.empty(), Optional.of(1), Optional.empty());
        assertThat(signet.platforms()).allMatch(p -> p.partner().equals("Signet"));
        assertThat(service.list(
                                Optional.of("nope"),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty())
                        .platforms())
                .isEmpty();
        String token = signet.nextToken().orElseThrow();
        assertThatThrownBy(() -> service.list(
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(1), Optional.of(token)))
                .hasMessageContaining("nextToken");
        assertThatThrownBy(() -> service.list(
                        Optional.empty(),
                        Optional.of("Signet"),
                        Optional.empty(),
                        Optional.of(1),
                        Optional.of("garbage")))
                .hasMessageContaining("nextToken");
        assertThatThrownBy(() -> service.list(
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(26), Optional.empty()))
                .hasMessageContaining("maxResults");
    }
}
