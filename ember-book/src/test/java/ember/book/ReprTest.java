package ember.book;

import static ember.Ember.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ember.Device;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Python's repr and IPython's display, each expected value being what Python 3.11 / IPython 8 print. */
class ReprTest {
    @Test
    void floatsAsPythonReprsThem() {
        // repr(3.5), repr(0.1), repr(100.0), repr(1e-05), repr(0.0001), repr(1e16), repr(1e15), repr(-0.0), repr(1/3)
        assertEquals("3.5", Repr.pyFloat(3.5));
        assertEquals("0.1", Repr.pyFloat(0.1));
        assertEquals("100.0", Repr.pyFloat(100));
        assertEquals("1e-05", Repr.pyFloat(1e-5));
        assertEquals("0.0001", Repr.pyFloat(1e-4));
        assertEquals("1e+16", Repr.pyFloat(1e16));
        assertEquals("1000000000000000.0", Repr.pyFloat(1e15));
        assertEquals("-0.0", Repr.pyFloat(-0.0));
        assertEquals("0.3333333333333333", Repr.pyFloat(1.0 / 3));
        assertEquals("-1.5e-07", Repr.pyFloat(-1.5e-7));
        assertEquals("nan", Repr.pyFloat(Double.NaN));
    }

    @Test
    void fixedRoundsTheExactBinaryValue() {
        // f'{0.125:.2f}' -> '0.12' (a tie, to even); f'{2.675:.2f}' -> '2.67' (2.675 is 2.67499999... in binary)
        assertEquals("0.12", Repr.fixed(0.125, 2));
        assertEquals("2.67", Repr.fixed(2.675, 2));
        assertEquals("0.00001", Repr.fixed(1e-5, 5));
    }

    @Test
    void tuplesAsIPythonShowsThem() {
        // pretty((torch.tensor([3.5]), 3.5, 3)) and pretty((torch.ones(2),)) and pretty(('a', True, None))
        assertEquals("(tensor([3.5000]), 3.5, 3)", Repr.tuple(tensor(3.5), 3.5, 3));
        assertEquals("(tensor([1., 1.]),)", Repr.tuple(ones(2)));
        assertEquals("('a', True, None)", Repr.tuple("a", true, null));
        // a multi-line item puts every item on its own line, continuation lines indented by one space
        assertEquals("(tensor([[1., 1.],\n         [1., 1.]]),\n tensor([1., 1.]))", Repr.tuple(ones(2, 2), ones(2)));
        // over 79 columns: one item per line; pretty((torch.arange(12), torch.arange(12)))
        String row = "tensor([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11])";
        assertEquals("(" + row + ",\n " + row + ")", Repr.tuple(arange(12), arange(12)));
    }

    @Test
    void containersAndDevices() {
        Map<String, Object> dict = new LinkedHashMap<>();
        dict.put("x", arange(2));
        dict.put("n", 1);
        // repr({'x': torch.arange(2), 'n': 1}), repr(torch.Size([2, 3])), repr([torch.device('cpu')])
        assertEquals("{'x': tensor([0, 1]), 'n': 1}", Repr.repr(dict));
        assertEquals("torch.Size([2, 3])", Repr.repr(new int[]{2, 3}));
        assertEquals("[device(type='cpu')]", Repr.repr(List.of(Device.CPU)));
        assertEquals("device(type='cuda', index=1)", Repr.repr(Device.cuda(1)));
        assertEquals("Parameter containing:\ntensor([0., 0.], requires_grad=True)", Repr.parameter(zeros(2).requiresGrad_()));
    }
}
