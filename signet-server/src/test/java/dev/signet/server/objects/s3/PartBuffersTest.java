package dev.signet.server.objects.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.objects.ObjectStoreException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PartBuffersTest {
    @Test
    void buffersAreReusedAndNeverMoreThanTheCount() throws Exception {
        PartBuffers buffers = new PartBuffers(16, 2, Duration.ofMillis(50));
        byte[] a = buffers.acquire();
        byte[] b = buffers.acquire();
        assertThat(a).hasSize(16).isNotSameAs(b);
        assertThatThrownBy(buffers::acquire)
                .isInstanceOfSatisfying(
                        ObjectStoreException.class, e -> assertThat(e.code()).isEqualTo("SlowDown"));
        buffers.release(a);
        assertThat(buffers.acquire()).isSameAs(a);
    }

    @Test
    void aWaitingWriterGetsTheNextReleasedBuffer() throws Exception {
        PartBuffers buffers = new PartBuffers(16, 1, Duration.ofMinutes(1));
        byte[] only = buffers.acquire();
        Thread releaser = new Thread(() -> buffers.release(only));
        releaser.start();
        assertThat(buffers.acquire()).isSameAs(only);
        releaser.join(10_000);
    }
}
