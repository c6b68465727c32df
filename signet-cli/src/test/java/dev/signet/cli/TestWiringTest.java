package dev.signet.cli;

import dev.signet.core.testing.TestWiring;

/** Every test method of this module runs in an execution of the build (the {@code *IT} classes: failsafe, {@code testing/IntegrationTestsInFailsafe}). */
class TestWiringTest extends TestWiring {
    TestWiringTest() {
        super(name -> name.endsWith("IT"));
    }
}
