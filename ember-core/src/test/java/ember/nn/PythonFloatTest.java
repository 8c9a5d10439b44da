package ember.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Python's repr(float), which module printouts use; expected values from {@code repr(x)} in Python 3. */
class PythonFloatTest {
    @Test
    void layoutIsPythons() {
        // [repr(x) for x in [1e16, 1e15, 123456789012345.6, 0.0001, 0.00001, 100.0, -2.5, 1.5e-7, 1e22, 0.1 + 0.2]]
        double[] values = {1e16, 1e15, 123456789012345.6, 0.0001, 0.00001, 100.0, -2.5, 1.5e-7, 1e22, 0.1 + 0.2};
        String[] expected = {"1e+16", "1000000000000000.0", "123456789012345.6", "0.0001", "1e-05", "100.0", "-2.5",
                "1.5e-07", "1e+22", "0.30000000000000004"};
        for (int i = 0; i < values.length; i++) assertEquals(expected[i], PythonFloat.repr(values[i]));
        assertEquals("0.0", PythonFloat.repr(0));
        assertEquals("-0.0", PythonFloat.repr(-0.0));
        assertEquals("inf", PythonFloat.repr(Double.POSITIVE_INFINITY));
        assertEquals("nan", PythonFloat.repr(Double.NaN));
    }
}
