package ember.autograd;

import ember.Tensor;
import ember.storage.Shapes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Walks the backward graph (PyTorch's engine, simplified to the calling thread: independent backward passes on
 * different threads do not share any engine state).
 *
 * <p>Note [Dependency counting]: a first pass counts, for every node reachable from the roots, how many edges lead
 * into it. A node runs once all of them have delivered (a gradient, or nothing when the formula returned none for
 * that input); the engine sums the partial gradients into the node's input buffer. Among the nodes that are ready,
 * the latest created runs first and leaves' {@code AccumulateGrad} before all (PyTorch's ready queue), so partial
 * gradients are summed in PyTorch's order. Both passes use explicit stacks and queues, so a graph thousands of ops
 * deep does not overflow the Java stack.
 *
 * <p>Note [What Autograd.grad executes]: with inputs to capture, only the nodes on a path from a root to one of
 * those inputs run (the others are skipped, and formulas see {@code needsInputGrad(i) == false} for edges that lead
 * nowhere useful); the gradient arriving at an input's node is captured after its hooks, and no
 * {@code AccumulateGrad} runs, so no {@code .grad} changes.
 *
 * <p>Note [Where broadcasting is undone]: formulas may return a gradient in the broadcast shape of the forward op's
 * output; {@link #deliverable} sums it back to the input's recorded shape and casts it to the input's dtype. No formula
 * repeats that logic.
 */
final class Engine {
    /** The nodes worth computing gradients for in the backward pass running on this thread (null: all of them). */
    private static final ThreadLocal<Set<Node>> USEFUL = new ThreadLocal<>();
    /**
     * How many capturing passes (Autograd.grad with inputs) are running on any thread: while there are none, no thread
     * has a {@link #USEFUL} set, and a plain backward neither reads nor writes the thread-local.
     */
    private static final AtomicInteger CAPTURING = new AtomicInteger();

    /** Later nodes first; AccumulateGrad (a leaf's sink) before anything else, as PyTorch's ready queue. */
    private static final Comparator<Graph.Task> READY_ORDER = (a, b) -> Long.compare(b.priority, a.priority);

    private Engine() {}

    /**
     * Runs backward from {@code roots} with their gradients. When {@code captureFor} is non-null (Autograd.grad),
     * the gradients arriving at those tensors are returned instead of being accumulated into any {@code .grad}.
     */
    static Tensor[] run(List<Tensor> roots, List<Tensor> rootGrads, boolean retainGraph, boolean createGraph,
                        List<Tensor> captureFor, boolean allowUnused) {
        List<Node> rootNodes = new ArrayList<>(roots.size());
        for (int i = 0; i < roots.size(); i++) {
            Tensor root = roots.get(i);
            if (!root.requiresGrad())
                throw new IllegalStateException("element " + i + " of tensors does not require grad and does not have a"
                        + " grad_fn. Hint: call requiresGrad_() on the leaf tensors before computing this one, and do not"
                        + " compute it inside noGrad().");
            rootNodes.add(root.gradientEdge().node());
        }

        Map<Node, List<Integer>> captureIndex = null;
        Tensor[] captured = null;
        if (captureFor != null) {
            captureIndex = new IdentityHashMap<>();
            captured = new Tensor[captureFor.size()];
            for (int i = 0; i < captureFor.size(); i++) {
                Tensor t = captureFor.get(i);
                if (!t.requiresGrad())
                    throw new IllegalArgumentException("One of the differentiated Tensors does not require grad");
                captureIndex.computeIfAbsent(t.gradientEdge().node(), k -> new ArrayList<>(1)).add(i);
            }
        }

        Graph graph = Graph.discover(rootNodes, captureIndex != null);
        // with captures: `leadsToInput` run, `useful` (those plus the inputs' own nodes) receive gradients
        Set<Node> leadsToInput = null, useful = null;
        if (captureIndex != null) {
            leadsToInput = graph.ancestorsOf(captureIndex.keySet());
            useful = Collections.newSetFromMap(new IdentityHashMap<>());
            useful.addAll(leadsToInput);
            useful.addAll(captureIndex.keySet());
        }

        PriorityQueue<Graph.Task> ready = new PriorityQueue<>(8, READY_ORDER);
        boolean capturing = captureIndex != null;
        if (capturing) CAPTURING.incrementAndGet();
        boolean swapUseful = capturing || CAPTURING.get() > 0;
        Set<Node> outerUseful = swapUseful ? USEFUL.get() : null;
        if (swapUseful) USEFUL.set(useful);
        try (var mode = GradMode.set(createGraph)) {
            for (int i = 0; i < roots.size(); i++) {
                Tensor root = roots.get(i), g = rootGrads.get(i);
                g.storage().takeFreshGradient(); // the caller's tensor: no leaf adopts it, no ReLU writes over it
                if (g.dtype() != root.dtype()) g = g.to(root.dtype());
                graph.task(rootNodes.get(i)).accumulate(g);
            }
            for (Node n : rootNodes) {
                Graph.Task t = graph.task(n);
                if (t.pending == 0 && !t.queued) {
                    t.queued = true;
                    ready.add(t);
                }
            }

            while (!ready.isEmpty()) {
                Graph.Task task = ready.poll();
                Node node = task.node;
                Tensor grad = task.buffer;
                task.buffer = null;
                if (grad != null) grad = node.runPreHooks(grad);
                if (captureIndex != null) {
                    List<Integer> slots = captureIndex.get(node);
                    if (slots != null) {
                        // returned to the caller: no leaf may adopt it (Note [Adopting a fresh gradient])
                        if (grad != null) grad.storage().takeFreshGradient();
                        for (int slot : slots) captured[slot] = grad;
                    }
                    if (!leadsToInput.contains(node)) continue;
                }
                if (!(node instanceof FunctionNode fn)) {
                    if (grad != null) node.apply(grad);
                    continue;
                }
                // a user's formula may keep what it is given (Note [Formulas that keep what they are given])
                if (grad != null && !fn.ownFormula) grad.storage().takeFreshGradient();
                Tensor[] inputGrads = grad == null ? new Tensor[fn.numInputs()] : call(fn, grad);
                spendSharedFreshMarks(inputGrads);
                for (int i = 0; i < fn.numInputs(); i++) {
                    Graph.Task next = task.next[i];
                    if (next == null) continue;
                    Tensor g = inputGrads[i];
                    if (g != null && (useful == null || useful.contains(next.node))) next.accumulate(deliverable(fn, i, g));
                    if (--next.pending == 0 && !next.queued) {
                        next.queued = true;
                        ready.add(next);
                    }
                }
                if (!retainGraph) fn.release();
            }
        } finally {
            if (swapUseful) USEFUL.set(outerUseful);
            if (capturing) CAPTURING.decrementAndGet();
        }
        if (captured != null && !allowUnused) {
            for (Tensor c : captured)
                if (c == null)
                    throw new IllegalStateException("One of the differentiated Tensors appears to not have been used in the"
                            + " graph. Set allowUnused=true if this is the desired behavior.");
        }
        return captured;
    }

    /** Whether the backward pass running on this thread wants a gradient for {@code target} (see Note above). */
    static boolean wanted(Node target) {
        if (CAPTURING.get() == 0) return true;
        Set<Node> useful = USEFUL.get();
        return useful == null || useful.contains(target);
    }

    /**
     * A fresh gradient is for one consumer to adopt or write into (Note [Adopting a fresh gradient] in AccumulateGrad,
     * Note [ReLU's backward in its fresh gradient] in ember.ops.Fused). A formula handing its storage on in two of its
     * results (a passthrough such as add's, two views of one gradient) gives it two consumers: its mark is spent.
     */
    private static void spendSharedFreshMarks(Tensor[] grads) {
        for (int i = 0; i < grads.length; i++)
            for (int j = i + 1; grads[i] != null && j < grads.length; j++)
                if (grads[j] != null && grads[j].storage() == grads[i].storage()) grads[i].storage().takeFreshGradient();
    }

    /** Runs one node's formula, checking what it returns (and, in anomaly mode, naming the forward op on failure). */
    private static Tensor[] call(FunctionNode fn, Tensor grad) {
        Tensor[] out;
        try {
            out = fn.apply(grad);
        } catch (RuntimeException e) {
            if (fn.creationTrace != null) e.addSuppressed(fn.creationTrace);
            throw e;
        }
        if (out == null || out.length != fn.numInputs())
            throw new IllegalStateException("function " + fn.name() + " returned an incorrect number of gradients (expected "
                    + fn.numInputs() + ", got " + (out == null ? 0 : out.length) + ")");
        if (fn.creationTrace != null) checkNaN(fn, out);
        return out;
    }

    /** {@code g} summed back to input {@code i}'s shape and cast to its dtype, ready for the next node's buffer. */
    private static Tensor deliverable(FunctionNode fn, int i, Tensor g) {
        int[] shape = fn.inputShapeRef(i);
        if (!Arrays.equals(g.layout().shapeRef(), shape)) {
            if (!Shapes.broadcastsTo(shape, g.shape()))
                throw new IllegalStateException("Function " + fn.name() + " returned an invalid gradient at index " + i
                        + " - got " + Arrays.toString(g.shape())
                        + " but expected shape compatible with " + Arrays.toString(shape));
            g = g.sumToSize(shape);
        }
        if (g.dtype() != fn.inputDType(i)) g = g.to(fn.inputDType(i));
        return g;
    }

    /** Anomaly mode: a formula that produced NaN names its forward op, with where it ran as the cause. */
    private static void checkNaN(FunctionNode fn, Tensor[] grads) {
        for (int i = 0; i < grads.length; i++) {
            Tensor g = grads[i];
            if (g == null || !g.dtype().isFloatingPoint()) continue;
            boolean nan;
            try (var off = GradMode.set(false)) {
                nan = g.isnan().any().item() != 0;
            }
            if (nan)
                throw new IllegalStateException("Function '" + fn.name() + "' returned nan values in its " + i + "th output."
                        + " The cause's stack trace shows the forward call that created " + fn.name() + ".",
                        fn.creationTrace);
        }
    }

    /**
     * The part of the graph reachable from the roots, with one bookkeeping record per node: how many incoming edges
     * have yet to deliver, the gradient summed so far, whether it is queued, and (for Autograd.grad) who feeds it.
     */
    private static final class Graph {
        /** A node's state during one backward pass. */
        static final class Task {
            final Node node;
            /** Its place in the ready queue (see READY_ORDER). */
            final long priority;
            /** The tasks of the node's next functions, by input (null where an input takes no gradient). */
            Task[] next;
            int pending;
            Tensor buffer;
            boolean queued;
            List<Node> consumers;

            Task(Node node) {
                this.node = node;
                this.priority = node instanceof AccumulateGrad ? Long.MAX_VALUE : node.sequenceNr();
            }

            void accumulate(Tensor g) { buffer = buffer == null ? g : buffer.add(g); }
        }

        private final Map<Node, Task> tasks = new IdentityHashMap<>(8); // most graphs are small; larger ones grow it

        static Graph discover(List<Node> roots, boolean withConsumers) {
            Graph g = new Graph();
            ArrayDeque<Task> stack = new ArrayDeque<>();
            for (Node r : roots) {
                if (g.tasks.containsKey(r)) continue;
                Task t = new Task(r);
                g.tasks.put(r, t);
                stack.push(t);
            }
            while (!stack.isEmpty()) {
                Task task = stack.pop();
                if (!(task.node instanceof FunctionNode fn)) continue;
                task.next = new Task[fn.numInputs()];
                for (int i = 0; i < fn.numInputs(); i++) {
                    Edge e = fn.edge(i);
                    if (e == null) continue;
                    Task t = g.tasks.get(e.node());
                    if (t == null) {
                        g.tasks.put(e.node(), t = new Task(e.node()));
                        stack.push(t);
                    }
                    task.next[i] = t;
                    t.pending++;
                    if (withConsumers) {
                        if (t.consumers == null) t.consumers = new ArrayList<>(1);
                        t.consumers.add(fn);
                    }
                }
            }
            return g;
        }

        /** The record of a node reachable from the roots. */
        Task task(Node n) { return tasks.get(n); }

        /** Nodes with a path to one of {@code targets} (a target itself only when it also leads to another). */
        Set<Node> ancestorsOf(Set<Node> targets) {
            Set<Node> result = Collections.newSetFromMap(new IdentityHashMap<>());
            ArrayDeque<Node> stack = new ArrayDeque<>(targets);
            while (!stack.isEmpty()) {
                Task t = tasks.get(stack.pop());
                if (t == null || t.consumers == null) continue;
                for (Node parent : t.consumers) if (result.add(parent)) stack.push(parent);
            }
            return result;
        }
    }
}
