package ember.data;

import static ember.Ember.*;
import static ember.io.TensorAssertions.assertTensorEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ember.DType;
import ember.Tensor;
import ember.io.MalformedFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pandas is not installed here, so the expected values are derived by hand from pandas' documented behaviour; the
 * first test is d2l's own example (section 2.2), whose printed output the book shows.
 */
class CsvTableTest {
    @TempDir Path dir;

    @Test
    void d2lHouseTiny() throws IOException {
        Path file = dir.resolve("house_tiny.csv");
        Files.writeString(file, "NumRooms,RoofType,Price\nNA,NA,127500\n2,NA,106000\n4,Slate,178100\nNA,NA,140000\n");
        CsvTable data = CsvTable.read(file);
        assertEquals(List.of("NumRooms", "RoofType", "Price"), data.columns());
        assertEquals(4, data.rows());
        // inputs = pd.get_dummies(data.iloc[:, 0:2], dummy_na=True); inputs = inputs.fillna(inputs.mean())
        CsvTable inputs = data.columnRange(0, 2).getDummies(true).fillNaWithMean();
        assertEquals(List.of("NumRooms", "RoofType_Slate", "RoofType_nan"), inputs.columns());
        // the book: tensor([[3., 0., 1.], [2., 0., 1.], [4., 1., 0.], [3., 0., 1.]], dtype=torch.float64)
        assertTensorEquals(tensor(DType.FLOAT64, new double[][]{{3, 0, 1}, {2, 0, 1}, {4, 1, 0}, {3, 0, 1}}),
                inputs.toTensor(DType.FLOAT64));
        // tensor([127500., 106000., 178100., 140000.], dtype=torch.float64), here as a column
        assertTensorEquals(tensor(DType.FLOAT64, new double[][]{{127500}, {106000}, {178100}, {140000}}),
                data.columnRange(2, 3).toTensor(DType.FLOAT64));
        assertEquals(data.columnRange(0, 2).columns(), data.columnRange(0, -1).columns());
    }

    @Test
    void housePricesPreprocessing() {
        CsvTable train = CsvTable.parse("""
                Id,LotArea,Street,Alley,Pool,SalePrice
                1,100,Pave,NA,"0",200
                2,200,Grvl,Grvl,NA,300
                3,NA,Pave,Pave,1,400
                """);
        CsvTable test = CsvTable.parse("Id,LotArea,Street,Alley,Pool\n4,400,\"Pave\",NA,1\n");
        CsvTable features = CsvTable.concat(train.drop("Id", "SalePrice"), test.drop("Id"))
                .standardize().fillNa(0).getDummies(true);
        // numeric columns first, then each text column's sorted values and its _nan column
        assertEquals(List.of("LotArea", "Pool", "Street_Grvl", "Street_Pave", "Street_nan", "Alley_Grvl", "Alley_Pave",
                "Alley_nan"), features.columns());
        // LotArea 100, 200, 400 (NA skipped): mean 700/3, deviations -400/3, -100/3, 500/3; unbiased variance
        // (160000 + 10000 + 250000)/9 / 2 = 70000/3, so (x - mean)/std = d / sqrt(70000/3) = 3d / sqrt(210000)
        double s = Math.sqrt(210000);
        // Pool 0, 1, 1: mean 2/3, variance (4/9 + 1/9 + 1/9) / 2 = 1/3, std 1/sqrt(3): z = -2/sqrt(3), 1/sqrt(3)
        double r3 = Math.sqrt(3);
        Tensor expected = tensor(new double[][]{
                {-400 / s, -2 / r3, 0, 1, 0, 0, 0, 1},
                {-100 / s, 0, 1, 0, 0, 1, 0, 0},    // Pool was NA: 0 after standardising
                {0, 1 / r3, 0, 1, 0, 0, 1, 0},      // LotArea was NA: 0
                {500 / s, 1 / r3, 0, 1, 0, 0, 0, 1}});
        assertTensorEquals(expected, features.toTensor());
    }

    @Test
    void quotingAndLineEndings() {
        CsvTable t = CsvTable.parse("\uFEFFname,note\r\n\"Smith, J\",\"said \"\"hi\"\"\nand left\"\r\n\r\nplain,\"\"\n");
        assertEquals(List.of("name", "note"), t.columns());
        assertEquals(2, t.rows(), "the blank line is skipped");
        assertEquals("Smith, J", t.get(0, "name"));
        assertEquals("said \"hi\"\nand left", t.get(0, "note"));
        assertNull(t.get(1, "note"), "an empty quoted field is NA, as in pandas");
    }

    @Test
    void typesAndMissingValues() {
        CsvTable t = CsvTable.parse("""
                a,b,c,d,e,f,a
                1,x,True,NA,1e3,,7
                -2.5,None,False,n/a,-inf,,8
                ,B,True,,.5,,9
                """);
        assertEquals(List.of("a", "b", "c", "d", "e", "f", "a.1"), t.columns());
        assertTrue(t.isNumeric("a"));
        assertFalse(t.isNumeric("b"));
        assertTrue(t.isNumeric("c"), "an all-True/False column is bool, a numeric dtype");
        assertTrue(t.isNumeric("d"), "an all-NA column is float64 in pandas");
        assertTensorEquals(tensor(DType.FLOAT64, new double[][]{{1, 1, Double.NaN, 1000, Double.NaN, 7},
                        {-2.5, 0, Double.NaN, Double.NEGATIVE_INFINITY, Double.NaN, 8}, {Double.NaN, 1, Double.NaN, 0.5, Double.NaN, 9}}),
                t.drop("b").toTensor(DType.FLOAT64));
        assertNull(t.get(1, "b"), "'None' is NA in pandas 2");
        // categories sort by code point: 'B' (66) before 'x' (120)
        assertEquals(List.of("b_B", "b_x"), t.select("b").getDummies(false).columns());
        assertTensorEquals(tensor(new double[][]{{0, 1}, {0, 0}, {1, 0}}), t.select("b").getDummies(false).toTensor());
    }

    @Test
    void shortRowsAreFilledAndLongRowsRefused() {
        CsvTable t = CsvTable.parse("a,b,c\n1,2\n");
        assertNull(t.get(0, "c"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CsvTable.parse("a,b\n1,2\n3,4,5\n"));
        assertTrue(e.getMessage().contains("expected 2 fields in data row 2, saw 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CsvTable.parse("a,b\n\"1,2\n"));
        assertTrue(e.getMessage().contains("EOF inside a quoted field starting on line 2"), e.getMessage());
        assertEquals(List.of("Unnamed: 0", "x"), CsvTable.parse(",x\n1,2\n").columns());
    }

    @Test
    void errorsNameTheProblem() throws IOException {
        CsvTable t = CsvTable.parse("a,b\n1,x\n");
        assertTrue(assertThrows(IllegalArgumentException.class, t::toTensor).getMessage().contains("column 'b' holds text"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> t.drop("z")).getMessage().contains("column 'z' not found"));
        assertThrows(IllegalArgumentException.class, () -> CsvTable.concat(t, t.drop("a")));
        Path bad = dir.resolve("bad.csv");
        Files.write(bad, new byte[]{'a', '\n', (byte) 0xFF, '\n'});
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> CsvTable.read(bad));
        assertInstanceOf(MalformedFileException.class, e.getCause());
        assertTrue(e.getMessage().contains("bad.csv") && e.getMessage().contains("UTF-8"), e.getMessage());
        assertThrows(UncheckedIOException.class, () -> CsvTable.read(dir.resolve("missing.csv")));
    }

    @Test
    void concatKeepsCategoriesWhenOneSideLooksNumeric() {
        // a column that is numeric in one table and text in the other becomes text, as pandas' object dtype
        CsvTable a = CsvTable.parse("k\n1\n2\n"), b = CsvTable.parse("k\nx\n");
        CsvTable both = CsvTable.concat(a, b);
        assertFalse(both.isNumeric("k"));
        assertEquals(List.of("k_1", "k_2", "k_x"), both.getDummies(false).columns());
        assertArrayEquals(new float[]{1, 2, 1, 2, 1, 2}, CsvTable.concat(a, a, a).toTensor().toFloatArray());
    }
}
