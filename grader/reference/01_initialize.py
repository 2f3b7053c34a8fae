"""Reference outputs of exercise 01: the course's initialize_parameters(_deep) cases."""
from dnn import arr, initialize_parameters, initialize_parameters_deep, write


def params_json(p):
    return {k: arr(v) for k, v in p.items()}


write("01_initialize", {
    "initializeParameters": [
        {"args": args, "params": params_json(initialize_parameters(*args))} for args in ([3, 2, 1], [4, 3, 2])
    ],
    "initializeParametersDeep": [
        {"layerDims": dims, "params": params_json(initialize_parameters_deep(dims))}
        for dims in ([5, 4, 3], [4, 3, 2], [6, 5, 4, 3, 1])
    ],
})
