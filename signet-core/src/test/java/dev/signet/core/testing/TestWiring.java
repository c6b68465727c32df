package dev.signet.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.platform.commons.annotation.Testable;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Which test methods of a module no Maven execution runs. The executions every module has (the root
 * pom): surefire's {@code default-test}, which takes the classes named {@code Test*}, {@code *Test},
 * {@code *Tests} or {@code *TestCase} (surefire's default includes) and leaves out the tag {@code
 * fuzz}; and {@code fuzz}, which takes the {@code *Fuzz} classes and only the tag {@code fuzz}. A
 * module names what its own executions add (signet-cli's failsafe: {@code *IT}). A test method
 * elsewhere (a {@code *Fuzz} class's untagged check, a class named otherwise, a private or static
 * method, which JUnit passes over; a static nested class) passes every build: it never runs.
 *
 * <p>Each module's {@code TestWiringTest} extends this with what its own executions run, and fails
 * naming every test method of its module (its {@code target/test-classes}) that none runs.
 */
public abstract class TestWiring {
    private static final String FUZZ = "fuzz";

    private final Predicate<String> otherExecutions;

    /** @param otherExecutions the top-level class names the module's own executions run */
    protected TestWiring(Predicate<String> otherExecutions) {
        this.otherExecutions = otherExecutions;
    }

    @Test
    public void everyTestMethodIsRunByAnExecution() {
        assertThat(notRun(getClass(), otherExecutions))
                .as("test methods no execution runs")
                .isEmpty();
    }

    /**
     * The test methods in the compiled test classes beside {@code anchor} (its {@code
     * target/test-classes}) that no execution runs, one line each with the reason; empty when every
     * one runs somewhere.
     *
     * @param otherExecutions the top-level class names the module's other executions run
     */
    static List<String> notRun(Class<?> anchor, Predicate<String> otherExecutions) {
        Set<Method> declared = new LinkedHashSet<>();
        Set<Method> run = new LinkedHashSet<>();
        for (Class<?> type : testClasses(anchor)) {
            for (Method m : type.getDeclaredMethods()) {
                if (AnnotationSupport.isAnnotated(m, Testable.class)) {
                    declared.add(m);
                }
            }
            if (Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
                continue; // its methods run as its subclasses' (each checked here in turn)
            }
            String name = topLevelName(type);
            boolean byName = (surefireIncludes(name) || otherExecutions.test(name)) && reachable(type);
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Method m : c.getDeclaredMethods()) {
                    if (!AnnotationSupport.isAnnotated(m, Testable.class) || !runnable(m)) {
                        continue;
                    }
                    boolean fuzz = tags(type, m).contains(FUZZ);
                    if ((byName && !fuzz) || (fuzz && name.endsWith("Fuzz"))) {
                        run.add(m);
                    }
                }
            }
        }
        List<String> notRun = new ArrayList<>();
        for (Method m : declared) {
            if (!run.contains(m)) {
                notRun.add(m.getDeclaringClass().getName() + "#" + m.getName() + ": " + why(m));
            }
        }
        return notRun;
    }

    private static String why(Method m) {
        if (!runnable(m)) {
            return "private, static or returning a value: JUnit passes it over";
        }
        String name = topLevelName(m.getDeclaringClass());
        boolean fuzz = tags(m.getDeclaringClass(), m).contains(FUZZ);
        if (name.endsWith("Fuzz") && !fuzz) {
            return "a *Fuzz class's method without the tag fuzz: the default execution takes no *Fuzz"
                    + " class and the fuzz execution only the tag";
        }
        if (fuzz) {
            return "tagged fuzz outside a *Fuzz class: only the fuzz execution runs the tag, and only in *Fuzz";
        }
        if (!reachable(m.getDeclaringClass())) {
            return "a nested class that is not an @Nested inner class: JUnit never finds it";
        }
        return "the class's name matches no execution's includes (*Test, *Tests, Test*, *TestCase, *Fuzz, "
                + "or the module's own)";
    }

    /**
     * A top-level class, or a {@code @Nested} inner class of a reachable one: surefire leaves out
     * nested class files ({@code **}{@code /*$*}) and JUnit finds only {@code @Nested} ones through
     * their enclosing class.
     */
    private static boolean reachable(Class<?> type) {
        if (type.getEnclosingClass() == null) {
            return true;
        }
        return !Modifier.isStatic(type.getModifiers())
                && AnnotationSupport.isAnnotated(type, Nested.class)
                && reachable(type.getEnclosingClass());
    }

    /** JUnit runs a test method that is neither private nor static and returns nothing (factories aside). */
    private static boolean runnable(Method m) {
        int modifiers = m.getModifiers();
        if (Modifier.isPrivate(modifiers) || Modifier.isStatic(modifiers)) {
            return false;
        }
        boolean mustBeVoid = AnnotationSupport.isAnnotated(m, Test.class)
                || AnnotationSupport.isAnnotated(m, ParameterizedTest.class)
                || AnnotationSupport.isAnnotated(m, RepeatedTest.class);
        return !mustBeVoid || m.getReturnType() == void.class;
    }

    private static Set<String> tags(Class<?> type, Method m) {
        Set<String> tags = new LinkedHashSet<>();
        AnnotationSupport.findRepeatableAnnotations(m, Tag.class).forEach(t -> tags.add(t.value()));
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            AnnotationSupport.findRepeatableAnnotations(c, Tag.class).forEach(t -> tags.add(t.value()));
        }
        return tags;
    }

    /** Surefire's default includes, on the top-level class (JUnit finds nested classes through it). */
    private static boolean surefireIncludes(String name) {
        return name.startsWith("Test") || name.endsWith("Test") || name.endsWith("Tests") || name.endsWith("TestCase");
    }

    private static String topLevelName(Class<?> type) {
        Class<?> top = type;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        return top.getSimpleName();
    }

    /** Every class compiled into the directory {@code anchor} was loaded from, loaded without initialising it. */
    private static List<Class<?>> testClasses(Class<?> anchor) {
        Path root;
        try {
            root = Path.of(
                    anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + anchor, e);
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException(anchor + " was not loaded from a directory of classes: " + root);
        }
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String relative = root.relativize(file).toString();
                String name = relative.substring(0, relative.length() - ".class".length())
                        .replace(file.getFileSystem().getSeparator(), ".");
                if (name.endsWith("module-info") || name.endsWith("package-info")) {
                    continue;
                }
                classes.add(Class.forName(name, false, anchor.getClassLoader()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("a compiled test class cannot be loaded", e);
        }
        return classes;
    }
}
