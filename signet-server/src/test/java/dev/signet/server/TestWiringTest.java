package dev.signet.server;

import dev.signet.core.testing.TestWiring;

/** Every test method of this module runs in an execution of the build (the {@code *MemoryIT} classes: the execution {@code memory}, which only {@code bin/memory} runs). */
class TestWiringTest extends TestWiring {
    TestWiringTest() {
        super(name -> name.endsWith("MemoryIT"));
    }
}
