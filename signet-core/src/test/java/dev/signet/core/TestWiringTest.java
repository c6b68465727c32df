package dev.signet.core;

import dev.signet.core.testing.TestWiring;

/** Every test method of this module runs in an execution of the build. */
class TestWiringTest extends TestWiring {
    TestWiringTest() {
        super(name -> false);
    }
}
