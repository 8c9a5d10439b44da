package ember;

/**
 * Where a tensor lives. Ember computes on the CPU; the type exists so code written for GPUs ({@code x.to(device)},
 * d2l's {@code try_gpu()}) runs unchanged, and so a CUDA backend can be added behind the same API.
 */
public record Device(String type, int index) {
    public static final Device CPU = new Device("cpu", -1);

    /** Devices other than the CPU are not available in this build. */
    static void check(Device d) {
        if (!d.type.equals("cpu"))
            throw new IllegalArgumentException("Device " + d + " is not available: Ember runs on the CPU (gpuCount() is 0)."
                    + " Use Device.CPU, or Ember.tryGpu(), which falls back to the CPU.");
    }

    /** A CUDA device handle; using it fails until a CUDA backend is present. */
    public static Device cuda(int index) { return new Device("cuda", index); }

    @Override
    public String toString() { return index < 0 ? type : type + ":" + index; }
}
