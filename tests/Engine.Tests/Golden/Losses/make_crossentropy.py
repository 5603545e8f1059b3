"""Reference values for the engine's crossentropy losses, made with PyTorch (float32).

Keras' formula from probabilities: each row divided by its sum, clipped to [1e-7, 1 - 1e-7], then
-sum(target * log(.)) over the class axis, averaged over the other positions; from logits:
-sum(target * log_softmax(z)). Run: python3 make_crossentropy.py > crossentropy.json
"""
import json

import torch

torch.manual_seed(3)
EPS = 1e-7


def probabilities_loss(p, t):
    q = p / p.sum(-1, keepdim=True)
    return -(t * torch.log(torch.clamp(q, EPS, 1 - EPS))).sum(-1).mean()


def logits_loss(z, t):
    return -(t * torch.log_softmax(z, -1)).sum(-1).mean()


def case(name, shape, from_logits):
    classes = shape[-1]
    z = torch.randn(*shape) * 2
    if from_logits:
        prediction = z
    else:
        prediction = torch.softmax(z, -1)
        flat = prediction.view(-1, classes)
        flat[0] = torch.tensor([1.0] + [0.0] * (classes - 1))  # q = 1 > 1 - eps: the clip is active
        flat[1, 1] = 1e-9                                       # a tiny probability on the target class
        flat[2] *= 3.0                                          # a row that does not sum to 1
    ids = torch.randint(0, classes, shape[:-1])
    ids.view(-1)[1] = 1
    ids.view(-1)[0] = 0
    onehot = torch.nn.functional.one_hot(ids, classes).float()
    prediction = prediction.clone().requires_grad_(True)
    loss = (logits_loss if from_logits else probabilities_loss)(prediction, onehot)
    loss.backward()
    return {
        "name": name,
        "from_logits": from_logits,
        "shape": list(shape),
        "prediction": prediction.detach().flatten().tolist(),
        "ids": ids.flatten().float().tolist(),
        "loss": loss.item(),
        "grad": prediction.grad.flatten().tolist(),
    }


print(json.dumps({
    "torch": torch.__version__,
    "cases": [
        case("probabilities_2d", (6, 5), False),
        case("probabilities_sequence", (2, 4, 3), False),
        case("logits_2d", (6, 5), True),
        case("logits_sequence", (2, 4, 3), True),
    ],
}, indent=1))
