package dev.signet.core.format.authenticode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.testing.Processes;
import dev.signet.core.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real Windows Installer packages built by msitools' wixl, for tests in any module. */
public final class WixlPackages {
    private WixlPackages() {}

    /**
     * Builds in {@code workDir} a one-component MSI whose one file, {@code hello.txt}, holds {@code
     * content} (in the package's embedded cabinet); fails if wixl is missing.
     */
    public static Path build(Path workDir, String content) throws Exception {
        Files.createDirectories(workDir);
        Files.writeString(workDir.resolve("hello.txt"), content); // found next to the .wxs
        Path wxs = Files.writeString(workDir.resolve("tiny.wxs"), """
                <?xml version="1.0" encoding="utf-8"?>
                <Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
                  <Product Id="*" Name="Signet Test" Language="1033" Version="1.0.0" Manufacturer="Signet"
                           UpgradeCode="6d3c8d4e-1a2b-4c5d-8e9f-0a1b2c3d4e5f">
                    <Package InstallerVersion="200" Compressed="yes" Comments="Signet test package"/>
                    <Media Id="1" Cabinet="tiny.cab" EmbedCab="yes"/>
                    <Directory Id="TARGETDIR" Name="SourceDir">
                      <Directory Id="ProgramFilesFolder">
                        <Directory Id="INSTALLDIR" Name="SignetTest">
                          <Component Id="MainComponent" Guid="8a4b6c2d-3e5f-4a1b-9c8d-7e6f5a4b3c2d">
                            <File Id="HelloTxt" Name="hello.txt" Source="hello.txt" KeyPath="yes"/>
                          </Component>
                        </Directory>
                      </Directory>
                    </Directory>
                    <Feature Id="Main" Level="1">
                      <ComponentRef Id="MainComponent"/>
                    </Feature>
                  </Product>
                </Wix>
                """);
        Path msi = workDir.resolve("tiny.msi");
        Processes.Result built = Tools.run("wixl", "-o", msi.toString(), wxs.toString());
        assertThat(built.exitCode()).as("wixl: " + built.output()).isZero();
        return msi;
    }
}
