import FuzzDriver

runLibFuzzer { data, size in fuzzFormData(data, size) }
