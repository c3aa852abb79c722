namespace Orleans.Lse.Core.Devices;

/// <summary>Where tensors live. <see cref="Auto"/> takes CUDA when a CUDA libtorch is loadable, else the CPU.</summary>
public enum DeviceKind
{
    Cpu,
    Cuda,
    Auto,
}
