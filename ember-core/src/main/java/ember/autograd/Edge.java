package ember.autograd;

/** Where a gradient flows next: the {@code inputNr}-th input of {@code node} (PyTorch's {@code Edge}). */
public record Edge(Node node, int inputNr) {
    @Override
    public String toString() { return "(" + (node == null ? "None" : node.name()) + ", " + inputNr + ")"; }
}
