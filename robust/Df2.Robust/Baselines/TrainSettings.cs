namespace Df2.Robust.Baselines;

/// <summary>Predictor training: epochs, Adam learning rate, mini-batch size.</summary>
public sealed record TrainSettings(int Epochs, double LearningRate, int Batch);
