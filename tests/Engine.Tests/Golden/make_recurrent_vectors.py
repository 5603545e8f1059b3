"""Writes the GRU and SimpleRNN reference vectors in Vectors/ (schema in Vectors/README.md).

Run with Debian's python3-torch: /usr/bin/python3 tests/Engine.Tests/Golden/make_recurrent_vectors.py
nn.GRU (gates r, z, n) is Keras' GRU with reset_after=True (gates z, r, h); nn.RNN is Keras' SimpleRNN. Keras'
reset_after=False GRU has no PyTorch module, so it is written out below in torch operations and differentiated by autograd.
"""
import json
import os

import torch

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Vectors")


def keras_gates(w, h):
    """PyTorch GRU rows r, z, n -> Keras order z, r, h (along the first axis)."""
    return torch.cat([w[h:2 * h], w[0:h], w[2 * h:3 * h]], dim=0)


def nested(t):
    return t.detach().double().tolist()


class KerasResetBeforeGru(torch.nn.Module):
    """Keras GRU(reset_after=False): h~ = tanh(x W_h + b_h + (r * h) U_h), weights in Keras layout."""

    def __init__(self, features, units):
        super().__init__()
        self.units = units
        self.kernel = torch.nn.Parameter(torch.empty(features, 3 * units).uniform_(-0.5, 0.5))
        self.recurrent_kernel = torch.nn.Parameter(torch.empty(units, 3 * units).uniform_(-0.5, 0.5))
        self.bias = torch.nn.Parameter(torch.empty(3 * units).uniform_(-0.5, 0.5))

    def forward(self, x, h0):
        hsz, h = self.units, h0[0]
        u = self.recurrent_kernel
        outputs = []
        for t in range(x.shape[1]):
            xp = x[:, t] @ self.kernel + self.bias
            z = torch.sigmoid(xp[:, :hsz] + h @ u[:, :hsz])
            r = torch.sigmoid(xp[:, hsz:2 * hsz] + h @ u[:, hsz:2 * hsz])
            candidate = torch.tanh(xp[:, 2 * hsz:] + (r * h) @ u[:, 2 * hsz:])
            h = z * h + (1 - z) * candidate
            outputs.append(h)
        return torch.stack(outputs, dim=1), h.unsqueeze(0)


def make(name, cell, seed, batch, timesteps, features, units, layers, dense_units=None, reset_after=True):
    torch.manual_seed(seed)
    modules = []
    for layer in range(layers):
        f = features if layer == 0 else units
        if cell == "gru" and reset_after:
            modules.append(torch.nn.GRU(f, units, batch_first=True))
        elif cell == "gru":
            modules.append(KerasResetBeforeGru(f, units))
        else:
            modules.append(torch.nn.RNN(f, units, batch_first=True, nonlinearity="tanh"))
    x = torch.randn(batch, timesteps, features, requires_grad=True)
    h0 = (0.5 * torch.randn(layers, batch, units)).detach()
    y = x
    finals = []
    for layer, module in enumerate(modules):
        y, hn = module(y, h0[layer:layer + 1])
        finals.append(hn[0])
    loss_weights = torch.randn(batch, timesteps, units)
    loss = (y * loss_weights).sum()
    case = {}
    if dense_units:
        dense = torch.nn.Linear(units, dense_units)
        target = torch.randn(batch, dense_units)
        prediction = dense(y[:, -1])
        loss = loss + ((prediction - target) ** 2).mean()
    loss.backward()

    layer_weights = []
    for module in modules:
        if isinstance(module, KerasResetBeforeGru):
            entry = {"kernel": module.kernel, "recurrent_kernel": module.recurrent_kernel, "bias": module.bias}
            layer_weights.append({**{k: nested(v) for k, v in entry.items()},
                                  **{"grad_" + k: nested(v.grad) for k, v in entry.items()}})
            continue
        wih, whh, bih, bhh = module.weight_ih_l0, module.weight_hh_l0, module.bias_ih_l0, module.bias_hh_l0
        if cell == "gru":
            def keras(w_ih, w_hh, b_ih, b_hh):
                return (keras_gates(w_ih, units).T, keras_gates(w_hh, units).T,
                        torch.stack([keras_gates(b_ih, units), keras_gates(b_hh, units)]))
        else:
            def keras(w_ih, w_hh, b_ih, b_hh):
                return w_ih.T, w_hh.T, b_ih + b_hh
        kernel, recurrent, bias = keras(wih, whh, bih, bhh)
        # nn.RNN's two biases are summed in Keras layout, and so are their (equal) gradients: take one.
        gk, gr, gb = keras(wih.grad, whh.grad, bih.grad, bhh.grad if cell == "gru" else torch.zeros_like(bhh.grad))
        layer_weights.append({"kernel": nested(kernel), "recurrent_kernel": nested(recurrent), "bias": nested(bias),
                              "grad_kernel": nested(gk), "grad_recurrent_kernel": nested(gr), "grad_bias": nested(gb)})
    source = f"torch {torch.__version__} " + (
        "nn.GRU" if cell == "gru" and reset_after else
        "autograd of the Keras reset_after=False GRU cell in torch operations" if cell == "gru" else "nn.RNN") + ", float32"
    case.update({
        "name": name, "cell": cell, "source": source, "seed": seed,
        "batch": batch, "timesteps": timesteps, "features": features, "units": units, "layers": layers,
        "activation": "tanh",
    })
    if cell == "gru":
        case["recurrent_activation"] = "sigmoid"
        case["reset_after"] = reset_after
    case.update({
        "note": "loss = sum(outputs * loss_weights) + (dense head: mean squared error of dense(outputs[:, -1]) vs target)",
        "layer_weights": layer_weights,
        "input": nested(x), "initial_h": nested(h0),
        "outputs": nested(y), "final_h": nested(torch.stack(finals)),
        "loss_weights": nested(loss_weights), "loss": loss.item(), "grad_input": nested(x.grad),
    })
    if dense_units:
        case["dense"] = {"kernel": nested(dense.weight.T), "bias": nested(dense.bias),
                         "grad_kernel": nested(dense.weight.grad.T), "grad_bias": nested(dense.bias.grad),
                         "target": nested(target), "prediction": nested(prediction)}
    with open(os.path.join(HERE, name + ".json"), "w") as f:
        json.dump(case, f)


make("gru_single_step", "gru", 1, 1, 1, 1, 3, 1)
make("gru_two_layers", "gru", 2, 2, 6, 2, 5, 2, dense_units=3)
make("gru_seed_shape", "gru", 3, 4, 25, 1, 20, 1)
make("gru_ohlcv", "gru", 4, 3, 7, 5, 8, 1, dense_units=1)
make("gru_reset_before", "gru", 5, 3, 5, 4, 6, 2, dense_units=2, reset_after=False)
make("simple_rnn_single_step", "simple_rnn", 6, 1, 1, 1, 3, 1)
make("simple_rnn_two_layers", "simple_rnn", 7, 2, 6, 2, 5, 2, dense_units=3)
make("simple_rnn_seed_shape", "simple_rnn", 8, 4, 25, 1, 20, 1)
