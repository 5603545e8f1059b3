using System.Linq.Expressions;
using System.Reflection;

namespace LstmActors.Runtime.Invocation;

/// <summary>
/// Calls one grain interface method on a grain instance through a delegate compiled once. A call that finishes at once
/// gives its result (boxed) straight back; one that does not gives back the task to await, and the result is read from
/// that task when it ends. No state machine sits between the grain's task and the activation's turn.
/// </summary>
internal abstract class MethodInvoker
{
    /// <summary>
    /// Calls the method. Returns null when it finished successfully at once (its result in <paramref name="result"/>),
    /// otherwise the task to await before <see cref="ResultOf"/>. A call that failed at once throws here.
    /// </summary>
    public abstract Task? Invoke(object grain, object?[] arguments, out object? result);

    /// <summary>The boxed result of a task <see cref="Invoke"/> returned, once it ended; throws the call's failure.</summary>
    public abstract object? ResultOf(Task ended);

    public static MethodInvoker Create(MethodInfo method)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        var call = Expression.Call(
            Expression.Convert(grain, method.DeclaringType!),
            method,
            method.GetParameters().Select((p, i) => Expression.Convert(Expression.ArrayIndex(arguments, Expression.Constant(i)), p.ParameterType)));
        var delegateType = typeof(Func<,,>).MakeGenericType(typeof(object), typeof(object?[]), method.ReturnType);
        var compiled = Expression.Lambda(delegateType, call, grain, arguments).Compile();
        var returnType = method.ReturnType;
        Type invokerType = returnType == typeof(Task) ? typeof(TaskInvoker)
            : returnType == typeof(ValueTask) ? typeof(ValueTaskInvoker)
            : returnType.GetGenericTypeDefinition() == typeof(Task<>) ? typeof(TaskInvoker<>).MakeGenericType(returnType.GetGenericArguments())
            : typeof(ValueTaskInvoker<>).MakeGenericType(returnType.GetGenericArguments());
        return (MethodInvoker)Activator.CreateInstance(invokerType, compiled)!;
    }

    private sealed class TaskInvoker(Func<object, object?[], Task> call) : MethodInvoker
    {
        public override Task? Invoke(object grain, object?[] arguments, out object? result)
        {
            var task = call(grain, arguments);
            result = null;
            if (!task.IsCompleted) return task;
            task.GetAwaiter().GetResult();
            return null;
        }

        public override object? ResultOf(Task ended)
        {
            ended.GetAwaiter().GetResult();
            return null;
        }
    }

    private sealed class TaskInvoker<TResult>(Func<object, object?[], Task<TResult>> call) : MethodInvoker
    {
        public override Task? Invoke(object grain, object?[] arguments, out object? result)
        {
            var task = call(grain, arguments);
            // Looked at once: a task that ends between two looks would lose its result.
            if (!task.IsCompleted)
            {
                result = null;
                return task;
            }
            result = task.GetAwaiter().GetResult();
            return null;
        }

        public override object? ResultOf(Task ended) => ((Task<TResult>)ended).GetAwaiter().GetResult();
    }

    // A ValueTask that does not finish at once becomes a task: the activation keeps it across the await.
    private sealed class ValueTaskInvoker(Func<object, object?[], ValueTask> call) : MethodInvoker
    {
        public override Task? Invoke(object grain, object?[] arguments, out object? result)
        {
            var task = call(grain, arguments);
            result = null;
            if (!task.IsCompleted) return task.AsTask();
            task.GetAwaiter().GetResult();
            return null;
        }

        public override object? ResultOf(Task ended)
        {
            ended.GetAwaiter().GetResult();
            return null;
        }
    }

    private sealed class ValueTaskInvoker<TResult>(Func<object, object?[], ValueTask<TResult>> call) : MethodInvoker
    {
        public override Task? Invoke(object grain, object?[] arguments, out object? result)
        {
            var task = call(grain, arguments);
            if (!task.IsCompleted)
            {
                result = null;
                return task.AsTask();
            }
            result = task.GetAwaiter().GetResult();
            return null;
        }

        public override object? ResultOf(Task ended) => ((Task<TResult>)ended).GetAwaiter().GetResult();
    }
}
