package dev.verity.shared;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Folders and files under {@code verity.home} readable by the owner only (0700 and 0600), set when they are
 * created rather than tightened afterwards, so there is no moment in which another local user can open the
 * database or the server key. On file systems without POSIX permissions the platform's defaults apply.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /** Creates the folder and any missing parents with mode 0700; an existing folder is left as it is. */
    public static Path createFolders(Path folder) throws IOException {
        Path absolute = folder.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            return absolute;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createFolders(parent);
        }
        try {
            Files.createDirectory(absolute, attribute(FOLDER));
        } catch (FileAlreadyExistsException raced) {
            // another process created it between the check and here; it is a folder or the next call fails
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(absolute);
        }
        return absolute;
    }

    /** Creates an empty file with mode 0600 unless one exists; returns whether it was created. */
    public static boolean createFile(Path file) throws IOException {
        try {
            Files.createFile(file, attribute(FILE));
            return true;
        } catch (FileAlreadyExistsException exists) {
            return false;
        } catch (UnsupportedOperationException notPosix) {
            try {
                Files.createFile(file);
                return true;
            } catch (FileAlreadyExistsException exists) {
                return false;
            }
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
