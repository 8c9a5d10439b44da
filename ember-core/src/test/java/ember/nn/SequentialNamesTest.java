package ember.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Sequential's child names: positions for add, chosen names for addModule, as PyTorch's append and add_module. */
class SequentialNamesTest {
    @Test
    void addNamesByPositionAndAddModuleByChoice() {
        Sequential net = new Sequential(new ReLU());
        net.addModule("block 0", new Linear(2, 2));
        net.add(new Tanh());
        // torch: s = nn.Sequential(nn.ReLU()); s.add_module('block 0', nn.Linear(2, 2)); s.append(nn.Tanh())
        //        list(s._modules) -> ['0', 'block 0', '2']
        assertEquals(List.of("0", "block 0", "2"), List.copyOf(net.namedChildren().keySet()));
        assertInstanceOf(Linear.class, net.get(1));
        assertEquals(List.of("block 0.weight", "block 0.bias"), List.copyOf(net.namedParameters().keySet()));
        assertEquals("""
                Sequential(
                  (0): ReLU()
                  (block 0): Linear(in_features=2, out_features=2, bias=True)
                  (2): Tanh()
                )""", net.toString());
    }

    @Test
    void aNameCannotHoldADot() {
        assertThrows(IllegalArgumentException.class, () -> new Sequential().addModule("a.b", new ReLU()));
    }
}
