package ember.book.ch5;

import static ember.Ember.*;
import static ember.book.Repr.tuple;

import ember.Device;
import ember.Tensor;
import ember.book.Program;
import ember.book.Repr;
import ember.book.Settings;
import ember.nn.Linear;
import ember.nn.Sequential;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * d2l 5.6, GPUs: devices, counting GPUs, {@code tryGpu} falling back to the CPU, where a tensor lives, creating and
 * moving tensors and a network to a device. Ember computes on the CPU (gpuCount() is 0), so the section's code runs
 * unchanged on the CPU; the cells that need a second GPU ({@code X.cuda(1)}, {@code Y + Z}) show Ember's refusal.
 */
public final class UseGpu implements Program {
    @Override public String name() { return "ch5/use-gpu"; }

    @Override public String description() { return "GPUs: the Device API, tryGpu falling back to the CPU"; }

    /** The book's {@code try_all_gpus}: every GPU, or the CPU when there is none. */
    static List<Device> tryAllGpus() {
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < gpuCount(); i++) devices.add(Device.cuda(i));
        return devices.isEmpty() ? List.of(Device.CPU) : devices;
    }

    @Override
    public Map<String, Double> run(Settings s, PrintStream out) {
        Map<String, Double> result = new LinkedHashMap<>();
        out.println(tuple(Device.CPU, new Device("cuda", -1), Device.cuda(1)));
        out.println(gpuCount());
        out.println(tuple(tryGpu(), tryGpu(10), tryAllGpus()));
        result.put("gpuCount", (double) gpuCount());

        Tensor x = tensor(new long[]{1, 2, 3});
        out.println(Repr.repr(x.device()));
        Tensor X = ones(2, 3).to(tryGpu());
        out.println(X);
        Tensor Y = rand(2, 3).to(tryGpu(1));
        out.println(Y);
        try {
            X.to(Device.cuda(1));
            result.put("cudaRefused", 0.0);
        } catch (IllegalArgumentException e) {
            out.println("X.to(cuda:1): " + e.getMessage());
            result.put("cudaRefused", 1.0);
        }

        Sequential net = new Sequential(new Linear(3, 1));
        net.to(tryGpu());
        Tensor y = net.forward(X);
        out.println(y);
        Device weightDevice = ((Linear) net.get(0)).weight().detach().device();
        out.println(Repr.repr(weightDevice));
        result.put("onCpu", weightDevice.equals(Device.CPU) && y.device().equals(Device.CPU) ? 1.0 : 0.0);
        return result;
    }
}
