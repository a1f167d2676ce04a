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

    /** Opens {@code soname} for the life of the JVM (codec libraries are never unloaded). */
    static NativeLibrary open(String soname, String debianPackage) {
        try {
            return new NativeLibrary(soname, debianPackage, SymbolLookup.libraryLookup(soname, Arena.global()));
        } catch (IllegalArgumentException | UnsatisfiedLinkError e) {
            throw new ImagingException(ImagingError.NATIVE_LIBRARY_MISSING,
                    "native library " + soname + " is not installed: apt-get install " + debianPackage, e);
        }
    }

    MethodHandle function(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = lookup.find(name).orElseThrow(() -> new ImagingException(
                ImagingError.NATIVE_LIBRARY_MISSING,
                soname + " has no symbol " + name + " (too old?): apt-get install " + debianPackage));
        return Linker.nativeLinker().downcallHandle(symbol, descriptor);
    }
}
