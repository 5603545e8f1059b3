using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace LstmActors.Runtime.Invocation;

/// <summary>Calls one grain interface method on a grain instance through a delegate compiled once; results come back boxed.</summary>
internal abstract class MethodInvoker
{
    public abstract ValueTask<object?> Invoke(object grain, object?[] arguments);

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

    // The awaits below use ConfigureAwait(false): the activation's turn awaits the result and returns to its own context.
    // Their state machines are pooled: one is needed on every call that does not finish at once.

    private sealed class TaskInvoker(Func<object, object?[], Task> call) : MethodInvoker
    {
        public override ValueTask<object?> Invoke(object grain, object?[] arguments)
        {
            var task = call(grain, arguments);
            return task.IsCompletedSuccessfully ? new ValueTask<object?>((object?)null) : Await(task);
        }

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private static async ValueTask<object?> Await(Task task)
        {
            await task.ConfigureAwait(false);
            return null;
        }
    }

    private sealed class TaskInvoker<TResult>(Func<object, object?[], Task<TResult>> call) : MethodInvoker
    {
        public override ValueTask<object?> Invoke(object grain, object?[] arguments)
        {
            var task = call(grain, arguments);
            return task.IsCompletedSuccessfully ? new ValueTask<object?>(task.Result) : Await(task);
        }

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private static async ValueTask<object?> Await(Task<TResult> task) => await task.ConfigureAwait(false);
    }

    private sealed class ValueTaskInvoker(Func<object, object?[], ValueTask> call) : MethodInvoker
    {
        public override ValueTask<object?> Invoke(object grain, object?[] arguments)
        {
            var task = call(grain, arguments);
            return task.IsCompletedSuccessfully ? new ValueTask<object?>((object?)null) : Await(task);
        }

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private static async ValueTask<object?> Await(ValueTask task)
        {
            await task.ConfigureAwait(false);
            return null;
        }
    }

    private sealed class ValueTaskInvoker<TResult>(Func<object, object?[], ValueTask<TResult>> call) : MethodInvoker
    {
        public override ValueTask<object?> Invoke(object grain, object?[] arguments)
        {
            var task = call(grain, arguments);
            return task.IsCompletedSuccessfully ? new ValueTask<object?>(task.Result) : Await(task);
        }

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private static async ValueTask<object?> Await(ValueTask<TResult> task) => await task.ConfigureAwait(false);
    }
}
