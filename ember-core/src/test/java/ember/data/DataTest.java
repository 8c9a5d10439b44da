package ember.data;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ember.Generator;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DataTest {
    private static final TensorDataset TEN = new TensorDataset(arange(10));

    @Test
    void randomSplitPartitionsTheDataSet() {
        List<Subset> parts = Data.randomSplit(TEN, new int[]{3, 7}, new Generator(3));
        assertEquals(3, parts.get(0).size());
        assertEquals(7, parts.get(1).size());
        int[] all = IntStream.concat(Arrays.stream(parts.get(0).indices()), Arrays.stream(parts.get(1).indices())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 10).toArray(), all);
        // the subset's examples are the data set's examples at its indices
        int first = parts.get(1).indices()[0];
        assertEquals(first, parts.get(1).get(0).get(0).itemLong());

        List<Subset> again = Data.randomSplit(TEN, new int[]{3, 7}, new Generator(3));
        assertArrayEquals(parts.get(0).indices(), again.get(0).indices());
        assertArrayEquals(parts.get(1).indices(), again.get(1).indices());
    }

    @Test
    void fractionsGiveTheRemainderToTheFirstParts() {
        // 11 examples: floor(5.5)=5, floor(3.3)=3, floor(2.2)=2 make 10; the one left over goes to the first part
        List<Subset> parts = Data.randomSplit(new TensorDataset(arange(11)), new double[]{0.5, 0.3, 0.2}, new Generator(0));
        assertEquals(List.of(6, 3, 2), parts.stream().map(Subset::size).toList());
    }

    @Test
    void badLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Data.randomSplit(TEN, new int[]{3, 6}, new Generator(0)));
        assertTrue(e.getMessage().startsWith("Sum of input lengths does not equal the length of the input dataset!"));
        assertThrows(IllegalArgumentException.class, () -> Data.randomSplit(TEN, new double[]{0.5, 0.6}, new Generator(0)));
        assertThrows(IllegalArgumentException.class, () -> Data.randomSplit(TEN, new double[]{1.5, -0.5}, new Generator(0)));
    }
}
