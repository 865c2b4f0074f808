package dev.gatun.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's contract; converting a real model is checked in the tests module. */
class ConvertCommandTest {
    @TempDir
    Path dir;

    @Test
    void helpDescribesTheCommand() {
        CommandRunner r = CommandRunner.run("convert", "--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("Usage: gatun convert --out PATH"), r.out());
        assertTrue(r.out().contains("FORMAT FILE"), r.out());
        assertTrue(r.out().contains("--tokenizer"), r.out());
    }

    @Test
    void nonOnnxInputIsAnErrorNamingTheFile() throws Exception {
        Path notes = dir.resolve("weights.safetensors");
        Files.writeString(notes, "{\"not\": \"a model\"}");
        CommandRunner r = CommandRunner.run("convert", "onnx", notes.toString(), "--out", dir.resolve("out").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains(notes + ": not an ONNX model"), r.err());
        assertTrue(r.out().isEmpty());
        assertTrue(Files.notExists(dir.resolve("out")));
    }

    @Test
    void missingFileIsAnError() {
        CommandRunner r = CommandRunner.run("convert", "onnx", dir.resolve("nope.onnx").toString(), "--out", "x");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("nope.onnx: no such file"), r.err());
    }

    @Test
    void unknownFormatAndMissingOutAreUsageErrors() {
        CommandRunner r = CommandRunner.run("convert", "tflite", "m.tflite", "--out", "x");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("argument FORMAT expects one of onnx"), r.err());
        r = CommandRunner.run("convert", "onnx", "m.onnx");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("missing required option --out"), r.err());
    }
}
