package dev.featuremaps.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.featuremaps.tensors.DType;
import dev.featuremaps.tensors.Tensor;
import dev.featuremaps.tensors.TensorArena;
import dev.featuremaps.tensors.Tensors;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class WorkspaceTest {

    @Test
    void feedCopiesSoTheSourceMayChangeOrBeFreed() {
        try (Workspace ws = new Workspace()) {
            try (TensorArena arena = TensorArena.confined()) {
                Tensor src = Tensors.ofInts(arena, 1, 2, 3);
                ws.feed("x", src);
                src.setInt(0, 99);
            }
            assertArrayEquals(new int[] {1, 2, 3}, (int[]) ws.fetchArray("x"));
        }
    }

    @Test
    void feedCopiesAStringViewWhoseOffsetsDoNotStartAtZero() {
        try (Workspace ws = new Workspace(); TensorArena arena = TensorArena.confined()) {
            Tensor all = Tensors.ofStrings(arena, "skip", "b\u00e9", "", "cd");
            Tensor view = Tensor.wrapStrings(all.offsets().asSlice(Long.BYTES), all.data(), 3);
            Tensor copy = ws.feed("s", view);
            assertEquals(0, copy.stringOffset(0));
            assertArrayEquals(new String[] {"b\u00e9", "", "cd"}, (String[]) ws.fetchArray("s"));
            assertEquals(5, copy.data().byteSize());
        }
    }

    @Test
    void feedKeepsAMatrixShape() {
        try (Workspace ws = new Workspace()) {
            Tensor m = ws.feedMatrix("m", DType.FLOAT, 2, 3, new float[] {1, 2, 3, 4, 5, 6});
            Tensor copy = ws.feed("m2", m);
            assertArrayEquals(new long[] {2, 3}, copy.shape());
            assertEquals(6.0f, copy.data().get(ValueLayout.JAVA_FLOAT_UNALIGNED, 5 * 4));
        }
    }

    @Test
    void fetchOfAMissingBlobSaysWhich() {
        try (Workspace ws = new Workspace()) {
            NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> ws.fetch("nope"));
            assertEquals("blob 'nope' does not exist", e.getMessage());
            assertFalse(ws.has("nope"));
        }
    }

    @Test
    void outputsReplaceBlobsOfTheSameName() {
        try (Workspace ws = new Workspace()) {
            ws.feed("v", DType.INT32, new int[] {7, 8});
            ws.feed("p", DType.BOOL, new boolean[] {true, true});
            ws.feed("l", DType.INT32, new int[] {0});
            ws.run(OperatorDef.of("MergeSingleScalarFeatureTensors", List.of("v", "p"), List.of("l", "k", "v"), 4));
            assertArrayEquals(new int[] {1, 1}, (int[]) ws.fetchArray("l"));
            assertArrayEquals(new int[] {7, 8}, (int[]) ws.fetchArray("v"));
            assertEquals(List.of("v", "p", "l", "k"), List.copyOf(ws.blobNames()));
        }
    }

    @Test
    void closeFreesTheBlobs() {
        Workspace ws = new Workspace();
        Tensor t = ws.feed("x", DType.INT64, new long[] {1});
        ws.close();
        assertFalse(ws.has("x"));
        assertThrows(IllegalStateException.class, () -> t.getLong(0));
        assertTrue(ws.blobNames().isEmpty());
    }
}
