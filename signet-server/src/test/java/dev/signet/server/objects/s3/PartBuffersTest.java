package dev.signet.server.objects.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.objects.ObjectStoreException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PartBuffersTest {
    @Test
    void buffersAreReusedAndNeverMoreThanTheCount() throws Exception {
        PartBuffers buffers = new PartBuffers(16, 2, Duration.ofMillis(50));
        ByteBuffer a = buffers.acquire();
        ByteBuffer b = buffers.acquire();
        assertThat(a.capacity()).isEqualTo(16);
        assertThat(a.isDirect()).isTrue();
        assertThat(a).isNotSameAs(b);
        assertThatThrownBy(buffers::acquire)
                .isInstanceOfSatisfying(
                        ObjectStoreException.class, e -> assertThat(e.code()).isEqualTo("SlowDown"));
        a.put(new byte[5]);
        buffers.release(a);
        ByteBuffer again = buffers.acquire();
        assertThat(again).isSameAs(a);
        assertThat(again.position()).as("a reused buffer comes back cleared").isZero();
        assertThat(again.remaining()).isEqualTo(16);
    }

    @Test
    void aWaitingWriterGetsTheNextReleasedBuffer() throws Exception {
        PartBuffers buffers = new PartBuffers(16, 1, Duration.ofMinutes(1));
        ByteBuffer only = buffers.acquire();
        Thread releaser = new Thread(() -> buffers.release(only));
        releaser.start();
        assertThat(buffers.acquire()).isSameAs(only);
        releaser.join(10_000);
    }
}
