package dev.signet.core.crypto.pkcs11;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.signet.core.crypto.KeyBackendUnavailableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The few calls into a PKCS#11 module that the JDK's SunPKCS11 provider cannot make: find the slot
 * of a token by its label ({@code C_GetSlotList}, {@code C_GetTokenInfo}), and initialise the module
 * afresh ({@code C_Finalize}, {@code C_Initialize}) after the token was lost. SunPKCS11 initialises
 * a module once per JVM and never again, and some modules (SoftHSM2 among them) keep a token they
 * lost as gone until they are initialised again; re-initialising is what lets a returning token work
 * without a restart. The module is the same loaded library SunPKCS11 uses (the same file), reached
 * through its {@code C_GetFunctionList}, initialised for multi-threaded use ({@code
 * CKF_OS_LOCKING_OK}) as SunPKCS11 does.
 *
 * <p>The caller must make sure no other thread is inside the module while it re-initialises it.
 */
final class Pkcs11Module {
    private static final long CKR_OK = 0;
    private static final long CKR_CRYPTOKI_NOT_INITIALIZED = 0x190;
    private static final long CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191;
    private static final long CKF_OS_LOCKING_OK = 0x2;
    // positions in CK_FUNCTION_LIST, after its CK_VERSION (PKCS#11 v2.40 section 5.15)
    private static final int C_INITIALIZE = 0;
    private static final int C_FINALIZE = 1;
    private static final int C_GET_SLOT_LIST = 4;
    private static final int C_GET_TOKEN_INFO = 6;
    private static final int LABEL_LENGTH = 32;
    private static final int RTLD_LAZY = 1;

    private final Path path;
    private final Pointer functions;

    private Pkcs11Module(Path path, Pointer functions) {
        this.path = path;
        this.functions = functions;
    }

    /** Loads the module and initialises it (an already initialised module is fine). */
    static Pkcs11Module load(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new KeyBackendUnavailableException("PKCS#11 module " + path + " does not exist");
        }
        Pointer functions;
        try {
            // RTLD_LAZY without RTLD_GLOBAL (JNA's default adds it): the module's symbols must not
            // become the process's, as SunPKCS11 loads it locally too
            NativeLibrary library =
                    NativeLibrary.getInstance(path.toString(), Map.of(Library.OPTION_OPEN_FLAGS, RTLD_LAZY));
            PointerByReference list = new PointerByReference();
            long rv = call(library.getFunction("C_GetFunctionList"), list);
            if (rv != CKR_OK || list.getValue() == null) {
                throw new KeyBackendUnavailableException(
                        "PKCS#11 module " + path + " gave no function list (" + hex(rv) + ")");
            }
            functions = list.getValue();
        } catch (UnsatisfiedLinkError e) {
            // JNA's message goes on to list every class path entry: its first line says why
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new KeyBackendUnavailableException("PKCS#11 module " + path + " cannot be loaded: " + why);
        }
        Pkcs11Module module = new Pkcs11Module(path, functions);
        module.initialize();
        return module;
    }

    /** The slot holding the one token labelled {@code label}; refuses none, or more than one. */
    long slotOf(String label) {
        Memory count = new Memory(NativeLong.SIZE);
        count.setNativeLong(0, new NativeLong(0));
        check(call(function(C_GET_SLOT_LIST), (byte) 1, null, count), "C_GetSlotList");
        long n = count.getNativeLong(0).longValue();
        List<Long> matches = new ArrayList<>();
        if (n > 0) {
            Memory slots = new Memory(n * NativeLong.SIZE);
            check(call(function(C_GET_SLOT_LIST), (byte) 1, slots, count), "C_GetSlotList");
            n = count.getNativeLong(0).longValue();
            Memory info = new Memory(1024);
            for (int i = 0; i < n; i++) {
                NativeLong slot = slots.getNativeLong((long) i * NativeLong.SIZE);
                info.clear();
                if (call(function(C_GET_TOKEN_INFO), slot, info) != CKR_OK) {
                    continue;
                }
                String found = new String(info.getByteArray(0, LABEL_LENGTH), StandardCharsets.UTF_8).stripTrailing();
                if (found.equals(label)) {
                    matches.add(slot.longValue());
                }
            }
        }
        if (matches.isEmpty()) {
            throw new KeyBackendUnavailableException(
                    "no token labelled " + label + " in PKCS#11 module " + path + " (" + n + " tokens present)");
        }
        if (matches.size() > 1) {
            throw new KeyBackendUnavailableException(
                    matches.size() + " tokens are labelled " + label + " in PKCS#11 module " + path);
        }
        return matches.get(0);
    }

    /** Finalises and initialises the module: every session of this process on it is closed. */
    void reinitialize() {
        long rv = call(function(C_FINALIZE), (Object) null);
        if (rv != CKR_OK && rv != CKR_CRYPTOKI_NOT_INITIALIZED) {
            throw new KeyBackendUnavailableException("C_Finalize of PKCS#11 module " + path + " failed: " + hex(rv));
        }
        initialize();
    }

    private void initialize() {
        Memory args = new Memory(4L * Native.POINTER_SIZE + 2L * NativeLong.SIZE + Native.POINTER_SIZE);
        args.clear();
        args.setNativeLong(4L * Native.POINTER_SIZE, new NativeLong(CKF_OS_LOCKING_OK));
        long rv = call(function(C_INITIALIZE), args);
        if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
            throw new KeyBackendUnavailableException("C_Initialize of PKCS#11 module " + path + " failed: " + hex(rv));
        }
    }

    private Function function(int index) {
        // CK_FUNCTION_LIST starts with a CK_VERSION (two bytes), padded to a pointer's alignment
        Pointer entry = functions.getPointer((long) Native.POINTER_SIZE * (index + 1));
        return Function.getFunction(entry);
    }

    private void check(long rv, String what) {
        if (rv != CKR_OK) {
            throw new KeyBackendUnavailableException(what + " of PKCS#11 module " + path + " failed: " + hex(rv));
        }
    }

    private static long call(Function function, Object... args) {
        return ((NativeLong) function.invoke(NativeLong.class, args)).longValue();
    }

    private static String hex(long rv) {
        return "CKR 0x" + Long.toHexString(rv);
    }
}
