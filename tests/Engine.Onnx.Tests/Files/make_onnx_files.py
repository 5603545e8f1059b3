"""Makes the PyTorch-exported .onnx files and their expected outputs for Engine.Onnx.Tests.

Run with Debian's python3-torch: /usr/bin/python3 make_onnx_files.py (writes next to this script).
Each model gets <name>.onnx and <name>.json: its inputs, and PyTorch's outputs for them.
"""
import json
import os

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
BATCH, STEPS, FEATURES = 2, 4, 3


class LastStep(nn.Module):
    """nn.LSTM (batch_first) whose last step's h goes through a Linear head: many-to-one."""

    def __init__(self, layers, hidden, head):
        super().__init__()
        self.lstm = nn.LSTM(FEATURES, hidden, num_layers=layers, batch_first=True)
        self.head = head

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1, :])


class EveryStep(nn.Module):
    """nn.LSTM (batch_first) with a Linear on every step: many-to-many."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(FEATURES, 5, batch_first=True)
        self.head = nn.Linear(5, 2)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out)


class WithState(nn.Module):
    """Two-layer nn.LSTM taking and returning (h, c): a stateful step served elsewhere."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(FEATURES, 4, num_layers=2, batch_first=True)
        self.head = nn.Linear(4, 1)

    def forward(self, x, h0, c0):
        out, (h, c) = self.lstm(x, (h0, c0))
        return self.head(out[:, -1, :]), h, c


class FinalState(nn.Module):
    """Two-layer nn.LSTM without biases whose last layer's final h feeds the head (h[-1]), for any number of steps."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(FEATURES, 5, num_layers=2, batch_first=True, bias=False)
        self.head = nn.Sequential(nn.Linear(5, 2), nn.Tanh())

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.head(h[-1])


class Refused(nn.Module):
    """Models the import refuses: a bidirectional LSTM's last step (out[:, -1]), and a head ending in an operator it has not (Softmax)."""

    def __init__(self, bidirectional):
        super().__init__()
        self.lstm = nn.LSTM(FEATURES, 3, batch_first=True, bidirectional=bidirectional)
        self.head = nn.Linear(6 if bidirectional else 3, 2)
        self.bidirectional = bidirectional

    def forward(self, x):
        out, _ = self.lstm(x)
        y = self.head(out[:, -1, :])
        return y if self.bidirectional else torch.softmax(y, dim=-1)


class RecurrentHead(nn.Module):
    """A batch_first nn.GRU or nn.RNN (one or more layers) with a Linear on its last step or on every step."""

    def __init__(self, cell, layers, hidden, every_step=False, **options):
        super().__init__()
        self.rnn = cell(FEATURES, hidden, num_layers=layers, batch_first=True, **options)
        self.head = nn.Linear(2 * hidden if options.get("bidirectional") else hidden, 2)
        self.every_step = every_step

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out if self.every_step else out[:, -1, :])


class BidirectionalThenLstm(nn.Module):
    """A bidirectional nn.LSTM whose sequence feeds a one-direction nn.LSTM, whose last step goes through a Linear."""

    def __init__(self):
        super().__init__()
        self.both = nn.LSTM(FEATURES, 4, batch_first=True, bidirectional=True)
        self.lstm = nn.LSTM(8, 5, batch_first=True)
        self.head = nn.Linear(5, 2)

    def forward(self, x):
        out, _ = self.both(x)
        out, _ = self.lstm(out)
        return self.head(out[:, -1, :])


class GruWithState(nn.Module):
    """Two-layer nn.GRU taking and returning h: its state is the carry, as for the LSTM."""

    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(FEATURES, 4, num_layers=2, batch_first=True)
        self.head = nn.Linear(4, 1)

    def forward(self, x, h0):
        out, h = self.gru(x, h0)
        return self.head(out[:, -1, :]), h


class BidirectionalFinalState(nn.Module):
    """A bidirectional nn.LSTM or nn.GRU (one or more layers) whose last layer's final h, both directions, goes through a Linear."""

    def __init__(self, cell, layers, hidden):
        super().__init__()
        self.rnn = cell(FEATURES, hidden, num_layers=layers, batch_first=True, bidirectional=True)
        self.head = nn.Linear(2 * hidden, 2)

    def forward(self, x):
        _, h = self.rnn(x)
        h = h[0] if isinstance(h, tuple) else h
        return self.head(torch.cat([h[-2], h[-1]], dim=1))


def export(name, model, inputs, input_names, output_names, dynamic_axes=None):
    model.eval()
    with torch.no_grad():
        outputs = model(*inputs)
    if not isinstance(outputs, tuple):
        outputs = (outputs,)
    torch.onnx.export(model, inputs, os.path.join(HERE, name + ".onnx"), opset_version=14,
                      input_names=input_names, output_names=output_names,
                      dynamic_axes=dynamic_axes or {"x": {0: "batch"}})
    expected = {"inputs": {n: {"shape": list(t.shape), "data": t.flatten().tolist()} for n, t in zip(input_names, inputs)},
                "outputs": {n: {"shape": list(t.shape), "data": t.flatten().tolist()} for n, t in zip(output_names, outputs)}}
    with open(os.path.join(HERE, name + ".json"), "w") as f:
        json.dump(expected, f, indent=1)


def main():
    torch.manual_seed(14)
    x = torch.randn(BATCH, STEPS, FEATURES)
    export("lstm_linear", LastStep(1, 5, nn.Linear(5, 2)), (x,), ["x"], ["y"])
    export("lstm2_mlp", LastStep(2, 6, nn.Sequential(nn.Linear(6, 4), nn.ReLU(), nn.Linear(4, 1), nn.Sigmoid())),
           (x,), ["x"], ["y"])
    export("lstm_every_step", EveryStep(), (x,), ["x"], ["y"])
    h0, c0 = torch.randn(2, BATCH, 4), torch.randn(2, BATCH, 4)
    export("lstm2_state", WithState(), (x, h0, c0), ["x", "h0", "c0"], ["y", "h", "c"])
    export("lstm2_h_last", FinalState(), (x,), ["x"], ["y"], {"x": {0: "batch", 1: "steps"}})
    export("refused_bidirectional", Refused(True), (x,), ["x"], ["y"])
    export("refused_softmax", Refused(False), (x,), ["x"], ["y"])
    export("gru_linear", RecurrentHead(nn.GRU, 1, 5), (x,), ["x"], ["y"])
    export("gru2_every_step", RecurrentHead(nn.GRU, 2, 4, every_step=True), (x,), ["x"], ["y"])
    export("rnn_linear", RecurrentHead(nn.RNN, 1, 5), (x,), ["x"], ["y"])
    export("rnn2_relu", RecurrentHead(nn.RNN, 2, 4, nonlinearity="relu"), (x,), ["x"], ["y"])
    export("gru2_state", GruWithState(), (x, torch.randn(2, BATCH, 4)), ["x", "h0"], ["y", "h"])
    export("refused_gru_bidirectional", RecurrentHead(nn.GRU, 1, 3, bidirectional=True), (x,), ["x"], ["y"])
    export("lstm_bidirectional_every_step", RecurrentHead(nn.LSTM, 1, 3, every_step=True, bidirectional=True), (x,), ["x"], ["y"])
    export("gru2_bidirectional_every_step", RecurrentHead(nn.GRU, 2, 4, every_step=True, bidirectional=True), (x,), ["x"], ["y"])
    export("bidirectional_then_lstm", BidirectionalThenLstm(), (x,), ["x"], ["y"])
    export("lstm_bidirectional_h_n", BidirectionalFinalState(nn.LSTM, 1, 3), (x,), ["x"], ["y"], {"x": {0: "batch", 1: "steps"}})
    export("gru2_bidirectional_h_n", BidirectionalFinalState(nn.GRU, 2, 4), (x,), ["x"], ["y"])
    export("lstm2_bidirectional_h_n", BidirectionalFinalState(nn.LSTM, 2, 3), (x,), ["x"], ["y"])


if __name__ == "__main__":
    main()
