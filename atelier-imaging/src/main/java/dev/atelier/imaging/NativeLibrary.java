package dev.atelier.imaging;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * A shared library opened through the FFM API, whose absence is reported as
 * {@link ImagingError#NATIVE_LIBRARY_MISSING} with the Debian package to install.
 */
final class NativeLibrary {
    private final String soname;
    private final String debianPackage;
    private final SymbolLookup lookup;

    private NativeLibrary(String soname, String debianPackage, SymbolLookup lookup) {
        this.soname = soname;
        this.debianPackage = debianPackage;
        this.lookup = lookup;
    }

    /**
     * Debian packages whose library this process treats as not installed ({@code ATELIER_NATIVE_CODECS_OFF}, a comma
     * list such as {@code libwebp7,libheif1}): to see what a machine without them does, or to rule one out.
     */
    static final String OFF = "ATELIER_NATIVE_CODECS_OFF";

    /** Opens {@code soname} for the life of the JVM (codec libraries are never unloaded). */
    static NativeLibrary open(String soname, String debianPackage) {
        if (switchedOff(debianPackage)) {
            throw new ImagingException(ImagingError.NATIVE_LIBRARY_MISSING, "native library " + soname
                    + " is switched off by " + OFF + " (otherwise: apt-get install " + debianPackage + ")");
        }
        try {
            return new NativeLibrary(soname, debianPackage, SymbolLookup.libraryLookup(soname, Arena.global()));
        } catch (IllegalArgumentException | UnsatisfiedLinkError e) {
            throw new ImagingException(ImagingError.NATIVE_LIBRARY_MISSING,
                    "native library " + soname + " is not installed: apt-get install " + debianPackage, e);
        }
    }

    private static boolean switchedOff(String debianPackage) {
        String off = System.getenv(OFF);
        if (off == null) {
            return false;
        }
        for (String p : off.split(",")) {
            if (p.strip().equals(debianPackage)) {
                return true;
            }
        }
        return false;
    }

    MethodHandle function(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = lookup.find(name).orElseThrow(() -> new ImagingException(
                ImagingError.NATIVE_LIBRARY_MISSING,
                soname + " has no symbol " + name + " (too old?): apt-get install " + debianPackage));
        return Linker.nativeLinker().downcallHandle(symbol, descriptor);
    }
}
