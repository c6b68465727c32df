package dev.signet.core.testing;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * A Jazzer fuzz target held to {@link FuzzBounds}: at most {@link FuzzBounds#TIMEOUT_SECONDS} per
 * input (JUnit's timeout in the regression run, on a separate thread so a hang fails instead of
 * blocking the build; libFuzzer's {@code -timeout} when {@code bin/fuzz} fuzzes it). Without {@code
 * JAZZER_FUZZ} the target replays its committed corpus, {@code <Class>Inputs/<method>/} in the test
 * resources of its package. Tagged {@code fuzz}: only the surefire execution {@code fuzz} (root pom)
 * runs it, in a JVM of its own, even when {@code -Dtest} names it.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Tag("fuzz")
@Timeout(value = FuzzBounds.TIMEOUT_SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@FuzzTest
public @interface BoundedFuzzTest {}
